using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;

namespace NovaConsole.Ota;

/// <summary>
/// Which devices speak NovaCloud over MQTT (they published on novacloud/devices/{id}/data or /status). NovaCloud's
/// guide (seed 004) has no OTA, so campaigns leave such a device out with "no OTA in its protocol", unless it
/// subscribed to ota/devices/inform (then it is informed like a ThingsPanel device). NovaCloud TCP devices are known by
/// their transport. Table ota_device_protocols (schema 120), written once per device and process, not per message.
/// </summary>
internal sealed class OtaDeviceProtocols(IDbContextFactory<NovaDbContext> dbFactory, OtaClock clock)
{
    public const string NovaCloud = "novacloud";

    // Devices already written in this process; at most one entry per registered device that authenticated.
    private readonly ConcurrentDictionary<string, byte> _written = new(StringComparer.OrdinalIgnoreCase);

    public async ValueTask NovaCloudSeenAsync(string deviceId)
    {
        if (_written.ContainsKey(deviceId)) return;
        var now = clock.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO ota_device_protocols (device_id, protocol, seen_utc) VALUES ({deviceId}, {NovaCloud}, {now})
            ON CONFLICT(device_id) DO NOTHING
            """);
        _written.TryAdd(deviceId, 0);
    }

    public static async Task<HashSet<string>> NovaCloudDevicesAsync(NovaDbContext db, CancellationToken ct) =>
        (await db.Database.SqlQuery<string>($"SELECT device_id AS Value FROM ota_device_protocols WHERE protocol = {NovaCloud}").ToListAsync(ct))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
