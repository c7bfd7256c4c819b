using System.Collections.Concurrent;

namespace NovaConsole.Devices.Tcp;

/// <summary>The live authenticated connection of each device; a newer one replaces an older one.</summary>
internal sealed class DeviceTcpSessions
{
    private readonly ConcurrentDictionary<string, DeviceTcpConnection> _byDevice = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _byDevice.Count;

    /// <summary>Makes <paramref name="connection"/> the device's live one and returns the connection it replaced, if any.</summary>
    public DeviceTcpConnection? Register(string deviceId, DeviceTcpConnection connection)
    {
        DeviceTcpConnection? older = null;
        _byDevice.AddOrUpdate(deviceId, connection, (_, existing) =>
        {
            older = existing;
            return connection;
        });
        return ReferenceEquals(older, connection) ? null : older;
    }

    /// <summary>Forgets the connection only if it is still the live one: a late close of a replaced socket changes nothing.</summary>
    public void Remove(string deviceId, DeviceTcpConnection connection) =>
        _byDevice.TryRemove(new KeyValuePair<string, DeviceTcpConnection>(deviceId, connection));

    public DeviceTcpConnection? Find(string deviceId) => _byDevice.GetValueOrDefault(deviceId);

    public bool Close(string deviceId, DeviceTcpCloseReason reason, string? detail = null)
    {
        if (!_byDevice.TryGetValue(deviceId, out var connection)) return false;
        if (connection.Session is { } session) session.CloseDetail = detail;
        connection.Close(reason);
        return true;
    }
}
