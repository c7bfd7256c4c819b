using System.Collections.Concurrent;
using System.Globalization;

namespace NovaConsole.Devices;

/// <summary>
/// A device whose timestamp fell outside the plausibility window: what it said, when we received it, and how far off
/// its clock is (negative: behind). Its readings were stored at the receive time instead.
/// </summary>
internal sealed record DeviceClockOffset(DateTimeOffset DeviceTime, DateTimeOffset ReceivedAt, double OffsetSeconds, string Summary);

/// <summary>
/// The last known clock offset of each device whose timestamps are being replaced (seed 004 §2.4), so replacing a
/// device's time is never silent: the device page, the API and the live messages say "device clock off by ...". A
/// device whose timestamp is believed again has no offset. Kept in memory: the next message after a restart tells again.
/// </summary>
internal sealed class DeviceClocks
{
    private readonly ConcurrentDictionary<string, DeviceClockOffset> _offsets = new(StringComparer.OrdinalIgnoreCase);

    public DeviceClockOffset? Find(string deviceId) => _offsets.GetValueOrDefault(deviceId);

    /// <summary>Records a replaced timestamp and returns the offset; null (and forgets the device) when it was believed.</summary>
    public DeviceClockOffset? Observe(string deviceId, DateTimeOffset? replacedDeviceTime, DateTimeOffset receivedAt)
    {
        if (replacedDeviceTime is not { } deviceTime)
        {
            _offsets.TryRemove(deviceId, out _);
            return null;
        }
        var offset = deviceTime - receivedAt;
        var recorded = new DeviceClockOffset(deviceTime, receivedAt, Math.Round(offset.TotalSeconds, 3), Describe(offset, deviceTime));
        _offsets[deviceId] = recorded;
        return recorded;
    }

    public void Forget(string deviceId) => _offsets.TryRemove(deviceId, out _);

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
