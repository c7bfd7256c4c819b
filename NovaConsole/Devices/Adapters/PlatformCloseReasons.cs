using System.Collections.Concurrent;

namespace NovaConsole.Devices.Adapters;

/// <summary>
/// Why the platform is closing a device's MQTT connection (key reset, disabled), noted just before the broker
/// closes it, so the disconnect shows that reason in the device's status rather than a generic "kicked".
/// </summary>
internal sealed class PlatformCloseReasons
{
    private readonly ConcurrentDictionary<string, string> _pending = new(StringComparer.OrdinalIgnoreCase);

    public void Note(string deviceId, string reason) => _pending[deviceId] = reason;

    public string? Take(string deviceId) => _pending.TryRemove(deviceId, out var reason) ? reason : null;
}
