using Microsoft.EntityFrameworkCore;
using NovaConsole.Audit;
using NovaConsole.Data;
using NovaConsole.Shared;

namespace NovaConsole.Settings;

/// <summary>
/// Reads and changes the operator settings: saved in SQLite, applied through <see cref="DatabaseSettingsProvider"/>
/// (no restart), each change audited with its old and new value. A null or empty value removes the override, so the
/// configured value (appsettings.json, environment, command line) applies again.
/// </summary>
internal sealed class SettingsService(
    IDbContextFactory<NovaDbContext> dbFactory, DatabaseSettingsProvider provider, IConfiguration configuration, AuditTrail audit, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IReadOnlyList<SettingValue>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var saved = await db.Settings.AsNoTracking().ToDictionaryAsync(s => s.Key, StringComparer.OrdinalIgnoreCase, ct);
        return SettingDefinitions.All.Select(d =>
        {
            var configured = Configured(d.ConfigurationKey) ?? d.Default;
            saved.TryGetValue(d.ConfigurationKey, out var row);
            return new SettingValue(d.Name, row?.Value ?? configured ?? "", row is null ? "configuration" : "console", configured, d.Description, d.Kind,
                d.Min, d.Max, d.RestartRequired, d.AppliesWhen, row?.UpdatedUtc, row?.UpdatedBy);
        }).ToList();
    }

    /// <summary>Validates every change first (all or nothing), then saves, applies and audits them.</summary>
    public async Task<Outcome<IReadOnlyList<SettingValue>>> UpdateAsync(IReadOnlyDictionary<string, string?> changes, CancellationToken ct = default)
    {
        if (changes.Count == 0) return Outcome.Invalid("Name at least one setting to change.");
        var checkedChanges = new List<(SettingDefinition Definition, string? Value)>();
        foreach (var (name, raw) in changes)
        {
            if (SettingDefinitions.Find(name) is not { } definition)
            {
                return Outcome.Invalid($"'{DeviceText(name)}' is not a setting; settings: {string.Join(", ", SettingDefinitions.All.Select(d => d.Name))}.");
            }
            var value = string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();
            if (value is not null && definition.Problem(value) is { } problem) return Outcome.Invalid(problem);
            checkedChanges.Add((definition, value));
        }

        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            var actor = AuditContext.Current;
            var before = (await ListAsync(ct)).ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                foreach (var (definition, value) in checkedChanges)
                {
                    var row = await db.Settings.FirstOrDefaultAsync(s => s.Key == definition.ConfigurationKey, ct);
                    if (value is null)
                    {
                        if (row is not null) db.Settings.Remove(row);
                        continue;
                    }
                    if (row is null) db.Settings.Add(row = new SettingRecord { Key = definition.ConfigurationKey });
                    row.Value = value;
                    row.UpdatedUtc = now;
                    row.UpdatedBy = actor.Name;
                }
                await db.SaveChangesAsync(ct);
            }
            await LoadAsync(ct);
            var after = await ListAsync(ct);
            foreach (var (definition, _) in checkedChanges)
            {
                var old = before[definition.Name];
                var now2 = after.First(s => s.Name == definition.Name);
                if (old.Value == now2.Value && old.Source == now2.Source) continue;
                await audit.RecordAsync(actor, AuditActions.SettingChanged, AuditActions.Setting, definition.Name,
                    $"{Shown(old.Value)} -> {Shown(now2.Value)}{(now2.Source == "configuration" ? " (back to the configured value)" : "")}");
            }
            return Outcome<IReadOnlyList<SettingValue>>.Ok(after);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies the saved settings (at start, and after every change).</summary>
    public async Task LoadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Settings.AsNoTracking().ToListAsync(ct);
        provider.Apply(rows.ToDictionary(r => r.Key, r => r.Value, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The value the configuration files, environment and command line give, without the console's override.</summary>
    private string? Configured(string key)
    {
        if (configuration is not IConfigurationRoot root) return configuration[key];
        string? value = null;
        foreach (var source in root.Providers)
        {
            if (ReferenceEquals(source, provider)) continue;
            if (source.TryGet(key, out var v)) value = v;
        }
        return value;
    }

    private static string Shown(string value) => value.Length == 0 ? "(empty)" : value;

    private static string DeviceText(string name) => name.Length > 40 ? name[..40] + "…" : name;
}
