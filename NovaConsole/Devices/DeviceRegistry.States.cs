using Microsoft.EntityFrameworkCore;

namespace NovaConsole.Devices;

/// <summary>The dashboard's "devices by state": every device in exactly one of online, offline, never seen, disabled.</summary>
internal sealed record DeviceStateCounts(int Total, int Online, int Offline, int NeverSeen, int Disabled);

internal sealed partial class DeviceRegistry
{
    /// <param name="onlineNow">Live presence's count of connected devices (DevicePresence.OnlineCount).</param>
    public async Task<DeviceStateCounts> CountByStateAsync(int onlineNow, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Devices.AsNoTracking()
            .GroupBy(d => new { d.IsEnabled, Seen = d.LastSeenUtc != null })
            .Select(g => new { g.Key.IsEnabled, g.Key.Seen, Count = g.Count() })
            .ToListAsync(ct);
        var total = rows.Sum(r => r.Count);
        var disabled = rows.Where(r => !r.IsEnabled).Sum(r => r.Count);
        // Presence is live (a device online right now may not have its first last-seen time written yet).
        var online = Math.Clamp(onlineNow, 0, total - disabled);
        var neverSeen = Math.Max(0, rows.Where(r => r.IsEnabled && !r.Seen).Sum(r => r.Count) - online);
        var offline = Math.Max(0, total - disabled - online - neverSeen);
        return new DeviceStateCounts(total, online, offline, neverSeen, disabled);
    }
}
