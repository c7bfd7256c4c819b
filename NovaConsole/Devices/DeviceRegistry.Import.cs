using Microsoft.EntityFrameworkCore;
using NovaConsole.Shared;

namespace NovaConsole.Devices;

internal sealed record ImportedDevice(int Line, string DeviceId, string Key);

internal sealed record ImportError(int Line, string Message);

/// <summary>The devices an import created (with their keys, shown this once) and the rows it refused.</summary>
internal sealed record ImportResult(IReadOnlyList<ImportedDevice> Created, IReadOnlyList<ImportError> Errors)
{
    public string KeysCsv() =>
        DeviceCsv.Row("deviceId", "key") + string.Concat(Created.Select(c => DeviceCsv.Row(c.DeviceId, c.Key)));
}

internal sealed partial class DeviceRegistry
{
    private static readonly string[] ImportColumns = ["deviceid", "name", "description", "tags"];

    /// <summary>
    /// Creates a device per CSV row (columns deviceId,name,description,tags; a header row may name them in any
    /// order, and other columns, such as those of the export, are ignored). Valid rows are created together;
    /// invalid ones are reported with their line. An empty deviceId gets a generated DEV-###### id.
    /// </summary>
    public async Task<Outcome<ImportResult>> ImportCsvAsync(string csv, int maxRows, CancellationToken ct = default)
    {
        var records = DeviceCsv.Read(csv).ToList();
        var columns = HeaderColumns(records.FirstOrDefault());
        if (columns is not null) records.RemoveAt(0);
        columns ??= [0, 1, 2, 3];
        if (columns[1] < 0) return Outcome.Invalid("The header row has no 'name' column. Expected columns: deviceId,name,description,tags.");
        if (records.Count == 0) return Outcome.Invalid("The file has no device rows. Expected columns: deviceId,name,description,tags.");
        if (records.Count > maxRows) return Outcome.Invalid($"The file has {records.Count} rows; at most {maxRows} can be imported at once.");

        var errors = new List<ImportError>();
        var pending = new List<(int Line, string? DeviceId, ValidDraft Draft)>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in records)
        {
            if (record.Error is not null) { errors.Add(new ImportError(record.Line, record.Error)); continue; }
            string Column(int index) => index >= 0 && index < record.Fields.Count ? record.Fields[index].Trim() : "";
            var deviceId = Column(columns[0]);
            if (deviceId.Length > 0 && DeviceRules.DeviceIdProblem(deviceId) is { } idProblem) { errors.Add(new ImportError(record.Line, idProblem.English)); continue; }
            var tags = Column(columns[3]).Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var valid = DeviceRules.Validate(new DeviceDraft(Column(columns[1]), Column(columns[2]), tags), forCreate: true);
            if (!valid.Succeeded) { errors.Add(new ImportError(record.Line, valid.Error!)); continue; }
            if (deviceId.Length > 0)
            {
                if (seen.TryGetValue(deviceId, out var firstLine))
                {
                    errors.Add(new ImportError(record.Line, $"Device id '{deviceId}' is already on line {firstLine} of this file."));
                    continue;
                }
                seen[deviceId] = record.Line;
            }
            pending.Add((record.Line, deviceId.Length > 0 ? deviceId : null, valid.Value!));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var typed = pending.Where(p => p.DeviceId is not null).Select(p => p.DeviceId!).ToList();
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in typed.Chunk(500))
        {
            existing.UnionWith(await db.Devices.Where(d => chunk.Contains(d.DeviceId)).Select(d => d.DeviceId).ToListAsync(ct));
        }
        var taken = new HashSet<string>(existing.Concat(typed), StringComparer.OrdinalIgnoreCase);
        var now = time.GetUtcNow().UtcDateTime;
        var created = new List<(ImportedDevice Result, Device Entity)>();
        foreach (var (line, typedId, draft) in pending)
        {
            if (typedId is not null && existing.Contains(typedId))
            {
                errors.Add(new ImportError(line, $"A device with id '{typedId}' already exists."));
                continue;
            }
            var deviceId = typedId ?? await FreeGeneratedIdAsync(db, taken, ct);
            if (deviceId is null) { errors.Add(new ImportError(line, "Could not find a free DEV-###### id; give this row a device id.")); continue; }
            taken.Add(deviceId);
            var key = NewKey();
            var entity = NewEntity(deviceId, draft, hasher.Hash(key), now);
            db.Devices.Add(entity);
            created.Add((new ImportedDevice(line, deviceId, key), entity));
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            return Outcome.Conflict("Another change created one of these device ids during the import; nothing was imported. Try again.");
        }
        foreach (var (result, _) in created) credentials.Invalidate(result.DeviceId);
        DevicesLog.DevicesImported(logger, created.Count, errors.Count);
        return Outcome<ImportResult>.Ok(new ImportResult(created.Select(c => c.Result).ToList(), errors.OrderBy(e => e.Line).ToList()));
    }

    /// <summary>Column positions of deviceId, name, description, tags when the first record is a header; else null.</summary>
    private static int[]? HeaderColumns(CsvRecord? first)
    {
        if (first is null || first.Error is not null) return null;
        var names = first.Fields.Select(f => f.Trim().Replace("_", "").ToLowerInvariant()).ToList();
        if (!names.Contains("deviceid") && !names.Contains("name")) return null;
        return ImportColumns.Select(c => names.IndexOf(c)).ToArray();
    }

    private static async Task<string?> FreeGeneratedIdAsync(Data.NovaDbContext db, HashSet<string> taken, CancellationToken ct)
    {
        for (var attempt = 0; attempt < GeneratedIdAttempts; attempt++)
        {
            var candidate = NewGeneratedId();
            if (!taken.Contains(candidate) && !await db.Devices.AnyAsync(d => d.DeviceId == candidate, ct)) return candidate;
        }
        return null;
    }
}
