using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;

namespace NovaConsole.Devices;

/// <summary>
/// A device whose timestamp fell outside the plausibility window: what it said, when we received it, and how far off
/// its clock is (negative: behind). Its readings were stored at the receive time instead.
/// </summary>
internal sealed record DeviceClockOffset(DateTimeOffset DeviceTime, DateTimeOffset ReceivedAt, double OffsetSeconds, string Summary);

/// <summary>
/// The last known clock offset of each device whose timestamps are being replaced (seed 004 §2.4), so replacing a
/// device's time is never silent: the device page, the API and the live messages say "device clock off by ...". A
/// device whose timestamp is believed again has no offset. Kept in memory for the hot path and written through to
/// device_clock_offsets (schema step 32; when it starts or ends, else at most once a minute per device), so the offset
/// stays with the device's data across a restart and goes with the device when it is deleted.
/// </summary>
internal sealed class DeviceClocks(IDbContextFactory<NovaDbContext>? dbFactory = null, TimeProvider? time = null, ILogger<DeviceClocks>? logger = null)
{
    private static readonly TimeSpan WriteInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, DeviceClockOffset> _offsets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _written = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _loadGate = new();
    private volatile bool _loaded;

    public DeviceClockOffset? Find(string deviceId)
    {
        EnsureLoaded();
        return _offsets.GetValueOrDefault(deviceId);
    }

    /// <summary>Records a replaced timestamp and returns the offset; null (and forgets the device) when it was believed.</summary>
    public DeviceClockOffset? Observe(string deviceId, DateTimeOffset? replacedDeviceTime, DateTimeOffset receivedAt)
    {
        EnsureLoaded();
        if (replacedDeviceTime is not { } deviceTime)
        {
            if (_offsets.TryRemove(deviceId, out _)) Persist(deviceId, null);
            return null;
        }
        var offset = deviceTime - receivedAt;
        var recorded = new DeviceClockOffset(deviceTime, receivedAt, Math.Round(offset.TotalSeconds, 3), Describe(offset, deviceTime));
        var isNew = !_offsets.ContainsKey(deviceId);
        _offsets[deviceId] = recorded;
        var now = (time ?? TimeProvider.System).GetUtcNow();
        if (isNew || !_written.TryGetValue(deviceId, out var last) || now - last >= WriteInterval) Persist(deviceId, recorded);
        return recorded;
    }

    public void Forget(string deviceId) => _offsets.TryRemove(deviceId, out _);

    // Once, on first use after start: what the last run knew.
    private void EnsureLoaded()
    {
        if (_loaded || dbFactory is null) return;
        lock (_loadGate)
        {
            if (_loaded) return;
            try
            {
                using var db = dbFactory.CreateDbContext();
                var rows = db.Database.SqlQuery<ClockRow>($"""
                    SELECT d.device_id AS DeviceId, c.device_time_ms AS DeviceTimeMs, c.received_ms AS ReceivedMs, c.offset_seconds AS OffsetSeconds
                    FROM device_clock_offsets c JOIN devices d ON d.id = c.device_ref
                    """).ToList();
                foreach (var row in rows)
                {
                    var deviceTime = DateTimeOffset.FromUnixTimeMilliseconds(row.DeviceTimeMs);
                    var received = DateTimeOffset.FromUnixTimeMilliseconds(row.ReceivedMs);
                    _offsets.TryAdd(row.DeviceId, new DeviceClockOffset(deviceTime, received, row.OffsetSeconds, Describe(deviceTime - received, deviceTime)));
                }
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
            {
                // Before the schema steps ran (or without a database): nothing to load; a later call tries again.
                if (logger is not null) DevicesLog.ClockOffsetsUnavailable(logger, e.Message);
                return;
            }
            _loaded = true;
        }
    }

    private void Persist(string deviceId, DeviceClockOffset? offset)
    {
        if (dbFactory is null) return;
        _written[deviceId] = (time ?? TimeProvider.System).GetUtcNow();
        _ = Task.Run(async () =>
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync();
                if (offset is null)
                {
                    await db.Database.ExecuteSqlInterpolatedAsync(
                        $"DELETE FROM device_clock_offsets WHERE device_ref = (SELECT id FROM devices WHERE device_id = {deviceId})");
                    return;
                }
                long deviceTime = offset.DeviceTime.ToUnixTimeMilliseconds(), received = offset.ReceivedAt.ToUnixTimeMilliseconds();
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO device_clock_offsets(device_ref, device_time_ms, received_ms, offset_seconds)
                    SELECT id, {deviceTime}, {received}, {offset.OffsetSeconds} FROM devices WHERE device_id = {deviceId}
                    ON CONFLICT(device_ref) DO UPDATE SET device_time_ms = excluded.device_time_ms, received_ms = excluded.received_ms,
                        offset_seconds = excluded.offset_seconds
                    """);
            }
            catch (Exception e)
            {
                if (logger is not null) DevicesLog.ClockOffsetsUnavailable(logger, e.Message);
            }
        });
    }

    private sealed record ClockRow(string DeviceId, long DeviceTimeMs, long ReceivedMs, double OffsetSeconds);

    /// <summary>"device clock off by 4 years 221 days (behind): it said 2022-04-29 12:16:07Z; stored at the receive time".</summary>
    public static string Describe(TimeSpan offset, DateTimeOffset deviceTime)
    {
        var size = offset.Duration();
        var years = (int)(size.TotalDays / 365.25);
        var days = (int)(size.TotalDays - years * 365.25);
        var amount = years > 0 ? $"{years} year{(years == 1 ? "" : "s")} {days} day{(days == 1 ? "" : "s")}"
            : size.TotalDays >= 1 ? $"{(int)size.TotalDays} day{((int)size.TotalDays == 1 ? "" : "s")} {size.Hours} h"
            : size.TotalHours >= 1 ? $"{(int)size.TotalHours} h {size.Minutes} min"
            : $"{(int)size.TotalMinutes} min {size.Seconds} s";
        var said = deviceTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"device clock off by {amount} ({(offset < TimeSpan.Zero ? "behind" : "ahead")}): it said {said}; stored at the receive time";
    }
}
