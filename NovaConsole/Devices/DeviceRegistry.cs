using NovaConsole.Devices.Presence;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;
using NovaConsole.Security;
using NovaConsole.Shared;

namespace NovaConsole.Devices;

/// <summary>
/// The device registry: create, change, enable/disable, delete and key reset. Keys are generated here, returned
/// once, and stored only as a keyed hash. After every committed change the credential cache forgets the device,
/// and when a device may no longer connect (key reset, disabled, deleted) every transport closes its sessions.
/// </summary>
internal sealed partial class DeviceRegistry(
    IDbContextFactory<NovaDbContext> dbFactory,
    SecretHasher hasher,
    DeviceCredentialCache credentials,
    IEnumerable<IDeviceSessionControl> sessionControls,
    IDevicePresence presence,
    TimeProvider time,
    ILogger<DeviceRegistry> logger,
    DeviceClocks? clocks = null,
    IEnumerable<IDeviceDataPurge>? purges = null)
{
    public const string GeneratedIdPrefix = "DEV-";
    private const int GeneratedIdAttempts = 20;
    private static readonly TimeSpan DisconnectTimeout = TimeSpan.FromSeconds(10);
    private readonly IDeviceSessionControl[] _sessionControls = sessionControls.ToArray();

    /// <summary>Creates a device with the id typed by the admin, or a generated <c>DEV-123456</c> when none is given.</summary>
    public async Task<Outcome<DeviceWithKey>> CreateAsync(string? deviceId, DeviceDraft draft, CancellationToken ct = default)
    {
        var typedId = string.IsNullOrWhiteSpace(deviceId) ? null : deviceId.Trim();
        if (typedId is not null && DeviceRules.DeviceIdProblem(typedId) is { } idProblem) return Outcome.Invalid(idProblem);
        var valid = DeviceRules.Validate(draft, forCreate: true);
        if (!valid.Succeeded) return valid.Failure;

        var key = NewKey();
        var now = time.GetUtcNow().UtcDateTime;
        var device = NewEntity(typedId ?? "", valid.Value!, hasher.Hash(key), now);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Checked first so the usual duplicate is a clean answer; the unique index still settles a race.
        if (typedId is not null && await db.Devices.AnyAsync(d => d.DeviceId == typedId, ct)) return DuplicateId(typedId);
        db.Devices.Add(device);
        for (var attempt = 1; ; attempt++)
        {
            if (typedId is null)
            {
                device.DeviceId = NewGeneratedId();
                if (await db.Devices.AnyAsync(d => d.DeviceId == device.DeviceId, ct))
                {
                    if (attempt >= GeneratedIdAttempts) return NoFreeGeneratedId();
                    continue;
                }
            }
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException e) when (IsUniqueViolation(e))
            {
                if (typedId is not null) return DuplicateId(typedId);
                // Someone took the same generated id between our check and our insert: draw again.
                if (attempt >= GeneratedIdAttempts) return NoFreeGeneratedId();
            }
        }
        credentials.Invalidate(device.DeviceId);
        DevicesLog.DeviceCreated(logger, device.DeviceId);
        return Outcome<DeviceWithKey>.Ok(new DeviceWithKey(ToDetails(device), key));
    }

    /// <summary>Changes what the draft sets; null members stay as they are.</summary>
    public async Task<Outcome<DeviceDetails>> UpdateAsync(string deviceId, DeviceDraft draft, CancellationToken ct = default)
    {
        var valid = DeviceRules.Validate(draft, forCreate: false);
        if (!valid.Succeeded) return valid.Failure;
        var changes = valid.Value!;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var device = await db.Devices.FirstOrDefaultAsync(d => d.DeviceId == deviceId, ct);
        if (device is null) return DeviceNotFound(deviceId);

        if (changes.Name is not null) device.Name = changes.Name;
        if (changes.Description is not null) device.Description = changes.Description;
        // Replace whole lists: delete first (their own statements), so a re-added key never meets its old row.
        if (changes.Tags is not null)
        {
            await db.DeviceTags.Where(t => t.DeviceRef == device.Id).ExecuteDeleteAsync(ct);
            db.DeviceTags.AddRange(changes.Tags.Select(t => new DeviceTag { DeviceRef = device.Id, Tag = t }));
        }
        if (changes.Sensors is not null)
        {
            await db.DeviceSensors.Where(s => s.DeviceRef == device.Id).ExecuteDeleteAsync(ct);
            db.DeviceSensors.AddRange(changes.Sensors.Select((s, i) => ToEntity(s, i, device.Id)));
        }
        if (changes.Actuators is not null)
        {
            await db.DeviceActuators.Where(a => a.DeviceRef == device.Id).ExecuteDeleteAsync(ct);
            db.DeviceActuators.AddRange(changes.Actuators.Select((a, i) => ToEntity(a, i, device.Id)));
        }
        device.UpdatedUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        DevicesLog.DeviceUpdated(logger, device.DeviceId);
        return Outcome<DeviceDetails>.Ok((await GetAsync(device.DeviceId, ct))!);
    }

    public async Task<Outcome> SetEnabledAsync(string deviceId, bool enabled, CancellationToken ct = default)
    {
        var result = await BulkAsync(enabled ? BulkAction.Enable : BulkAction.Disable, [deviceId], ct);
        return result.Succeeded && result.Value!.Affected.Count == 1 ? Outcome.Ok() : DeviceNotFound(deviceId);
    }

    public async Task<Outcome> DeleteAsync(string deviceId, CancellationToken ct = default)
    {
        var result = await BulkAsync(BulkAction.Delete, [deviceId], ct);
        return result.Succeeded && result.Value!.Affected.Count == 1 ? Outcome.Ok() : DeviceNotFound(deviceId);
    }

    public const int MaxBulkDevices = 1000;

    /// <summary>Enables, disables or deletes many devices at once; ids that match nothing are reported, not fatal.</summary>
    public async Task<Outcome<BulkResult>> BulkAsync(BulkAction action, IReadOnlyList<string?> deviceIds, CancellationToken ct = default)
    {
        var wanted = deviceIds.Select(id => id?.Trim() ?? "").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (wanted.Count == 0) return Outcome.Invalid(Problem.Of("device.bulkNone", "Name at least one device id."));
        if (wanted.Count > MaxBulkDevices) return Outcome.Invalid(Problem.Of("device.bulkTooMany", "At most {0} devices per bulk action.", MaxBulkDevices));
        var lookup = wanted.Where(DeviceRules.IsValidDeviceId).ToList();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.Devices.Where(d => lookup.Contains(d.DeviceId)).Select(d => new { d.Id, d.DeviceId, d.IsEnabled }).ToListAsync(ct);
        var rowIds = found.Select(d => d.Id).ToList();
        var now = time.GetUtcNow().UtcDateTime;
        switch (action)
        {
            case BulkAction.Delete:
                await db.Devices.Where(d => rowIds.Contains(d.Id)).ExecuteDeleteAsync(ct);
                break;
            default:
                var enable = action == BulkAction.Enable;
                await db.Devices.Where(d => rowIds.Contains(d.Id) && d.IsEnabled != enable)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.IsEnabled, enable).SetProperty(d => d.UpdatedUtc, now), ct);
                break;
        }

        var affected = found.Select(d => d.DeviceId).ToList();
        foreach (var id in affected)
        {
            credentials.Invalidate(id);
            if (action == BulkAction.Delete) DevicesLog.DeviceDeleted(logger, id);
            else DevicesLog.DeviceEnabledChanged(logger, id, action == BulkAction.Enable ? "enabled" : "disabled");
        }
        if (action != BulkAction.Enable)
        {
            var reason = action == BulkAction.Delete ? "device deleted" : "device disabled";
            foreach (var id in affected) await DisconnectAsync(id, reason);
        }
        // After the sessions closed, so nothing the device sends arrives later: its history goes with it.
        if (action == BulkAction.Delete) foreach (var id in affected) await PurgeAsync(id);
        var notFound = wanted.Where(w => !affected.Contains(w, StringComparer.OrdinalIgnoreCase)).ToList();
        return Outcome<BulkResult>.Ok(new BulkResult(affected, notFound));
    }

    /// <summary>
    /// A bulk action on every device matching a filter ("all N matching" in the list), in slices of
    /// <see cref="MaxBulkDevices"/>. <paramref name="expected"/>, when given, is the count the person saw: if the
    /// filter now matches another number, nothing is done (the list changed under them).
    /// </summary>
    public async Task<Outcome<BulkResult>> BulkMatchingAsync(BulkAction action, DeviceMatch match, int? expected, CancellationToken ct = default)
    {
        var ids = await MatchingIdsAsync(match, ct);
        if (expected is { } count && count != ids.Count)
        {
            return Outcome.Conflict(Problem.Of("device.bulkCountChanged", "The filter now matches {0} devices, not {1}; look at the list again and repeat.", ids.Count, count));
        }
        if (ids.Count == 0) return Outcome<BulkResult>.Ok(new BulkResult([], []));
        var affected = new List<string>();
        foreach (var slice in ids.Chunk(MaxBulkDevices))
        {
            var result = await BulkAsync(action, slice, ct);
            if (!result.Succeeded) return result;
            affected.AddRange(result.Value!.Affected);
        }
        return Outcome<BulkResult>.Ok(new BulkResult(affected, []));
    }

    /// <summary>A new key; the old one stops working at once and the device's live sessions are closed.</summary>
    public async Task<Outcome<DeviceWithKey>> ResetKeyAsync(string deviceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var device = await db.Devices.Include(d => d.Tags).Include(d => d.Sensors).Include(d => d.Actuators)
            .AsSplitQuery().FirstOrDefaultAsync(d => d.DeviceId == deviceId, ct);
        if (device is null) return DeviceNotFound(deviceId);
        var key = NewKey();
        var now = time.GetUtcNow().UtcDateTime;
        device.KeyHash = hasher.Hash(key);
        device.KeyRotatedUtc = now;
        device.UpdatedUtc = now;
        await db.SaveChangesAsync(ct);
        credentials.Invalidate(device.DeviceId);
        DevicesLog.DeviceKeyReset(logger, device.DeviceId);
        await DisconnectAsync(device.DeviceId, "device key reset");
        return Outcome<DeviceWithKey>.Ok(new DeviceWithKey(ToDetails(device), key));
    }

    /// <summary>
    /// Every transport gets the call, even when one fails: the change is committed, and a transport that keeps an
    /// old session would otherwise serve a device that may no longer connect.
    /// </summary>
    private async Task DisconnectAsync(string deviceId, string reason)
    {
        foreach (var control in _sessionControls)
        {
            using var timeout = new CancellationTokenSource(DisconnectTimeout);
            try
            {
                await control.DisconnectAsync(deviceId, reason, timeout.Token);
            }
            catch (Exception e)
            {
                DevicesLog.DisconnectFailed(logger, e, control.GetType().Name, deviceId);
            }
        }
    }

    private async Task PurgeAsync(string deviceId)
    {
        foreach (var purge in purges ?? [])
        {
            try
            {
                await purge.PurgeAsync(deviceId, CancellationToken.None);
            }
            catch (Exception e)
            {
                DevicesLog.PurgeFailed(logger, e, purge.GetType().Name, deviceId);
            }
        }
    }

    /// <summary>192 random bits, printable (base64url): what the device sends as its key.</summary>
    public static string NewKey() => SecretHasher.NewSecret(24);

    /// <summary><c>DEV-</c> and six random digits, the format of seed 004 §1.2.</summary>
    public static string NewGeneratedId() =>
        GeneratedIdPrefix + RandomNumberGenerator.GetInt32(1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    private static Device NewEntity(string deviceId, ValidDraft draft, string keyHash, DateTime now) => new()
    {
        DeviceId = deviceId,
        Name = draft.Name!,
        Description = draft.Description ?? "",
        KeyHash = keyHash,
        IsEnabled = true,
        CreatedUtc = now,
        UpdatedUtc = now,
        Tags = draft.Tags!.Select(t => new DeviceTag { Tag = t }).ToList(),
        Sensors = draft.Sensors!.Select((s, i) => ToEntity(s, i, 0)).ToList(),
        Actuators = draft.Actuators!.Select((a, i) => ToEntity(a, i, 0)).ToList(),
    };

    private static DeviceSensor ToEntity(SensorDefinition s, int position, long deviceRef) => new()
    {
        DeviceRef = deviceRef, Position = position, ValueKey = s.ValueKey, Name = s.Name, Unit = s.Unit, DataType = s.DataType,
    };

    private static DeviceActuator ToEntity(ActuatorDefinition a, int position, long deviceRef) => new()
    {
        DeviceRef = deviceRef, Position = position, Key = a.Key, Name = a.Name, Type = a.Type, Min = a.Min, Max = a.Max,
        OptionsJson = DeviceRules.OptionsJson(a.Options),
    };

    private DeviceDetails ToDetails(Device d) => new(
        d.DeviceId, d.Name, d.Description,
        d.Tags.Select(t => t.Tag).Order(StringComparer.OrdinalIgnoreCase).ToList(),
        d.IsEnabled, presence.IsOnline(d.DeviceId), presence.ReportedStatus(d.DeviceId), d.Transport, d.FirmwareVersion,
        d.CreatedUtc, d.UpdatedUtc, d.KeyRotatedUtc, d.LastSeenUtc,
        d.Sensors.OrderBy(s => s.Position).Select(s => new SensorDefinition(s.ValueKey, s.Name, s.Unit, s.DataType)).ToList(),
        d.Actuators.OrderBy(a => a.Position)
            .Select(a => new ActuatorDefinition(a.Key, a.Name, a.Type, a.Min, a.Max, DeviceRules.OptionsFromJson(a.OptionsJson))).ToList(),
        clocks?.Find(d.DeviceId));

    private static bool IsUniqueViolation(DbUpdateException e) =>
        e.InnerException is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    private static Outcome DuplicateId(string deviceId) =>
        Outcome.Conflict(Problem.Of("device.idTaken", "A device with id '{0}' already exists (ids are unique regardless of upper and lower case).", deviceId));

    private static Outcome NoFreeGeneratedId() =>
        Outcome.Conflict(Problem.Of("device.noFreeId", "Could not find a free DEV-###### id; type a device id instead."));

    private static Outcome DeviceNotFound(string deviceId) =>
        Outcome.NotFound(Problem.Of("device.notFound", "No device with id '{0}'.", DeviceRules.Shorten(deviceId)));
}
