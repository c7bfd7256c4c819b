using System.Collections.Concurrent;

namespace NovaConsole.Live;

/// <summary>
/// Which devices hub connections follow, so the bridge sends nothing for the thousands of devices nobody watches
/// (SignalR groups cannot be asked whether they have members).
/// </summary>
internal sealed class HubSubscriptions
{
    public const int MaxPerConnection = 1000;
    private readonly ConcurrentDictionary<string, int> _watchers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, HashSet<string>> _byConnection = new(StringComparer.Ordinal);

    public static string Group(string deviceId) => "device:" + deviceId.ToUpperInvariant();

    public bool IsWatched(string deviceId) => _watchers.TryGetValue(deviceId, out var count) && count > 0;

    /// <summary>False when the connection already follows as many devices as it may.</summary>
    public bool Add(string connectionId, string deviceId)
    {
        var devices = _byConnection.GetOrAdd(connectionId, _ => new HashSet<string>(StringComparer.OrdinalIgnoreCase));
        lock (devices)
        {
            if (devices.Contains(deviceId)) return true;
            if (devices.Count >= MaxPerConnection) return false;
            devices.Add(deviceId);
        }
        _watchers.AddOrUpdate(deviceId, 1, (_, count) => count + 1);
        return true;
    }

    public void Remove(string connectionId, string deviceId)
    {
        if (!_byConnection.TryGetValue(connectionId, out var devices)) return;
        bool removed;
        lock (devices) removed = devices.Remove(deviceId);
        if (removed) Release(deviceId);
    }

    public void RemoveConnection(string connectionId)
    {
        if (!_byConnection.TryRemove(connectionId, out var devices)) return;
        lock (devices)
        {
            foreach (var deviceId in devices) Release(deviceId);
        }
    }

    private void Release(string deviceId)
    {
        var left = _watchers.AddOrUpdate(deviceId, 0, (_, count) => count - 1);
        if (left <= 0) _watchers.TryRemove(new KeyValuePair<string, int>(deviceId, left));
    }
}
