using System.Net;

namespace NovaConsole.Devices.Tcp;

/// <summary>An authenticated device connection as the product sees it.</summary>
internal sealed class DeviceTcpSession(string connectionId, string deviceId, EndPoint? remote, bool tls, DateTimeOffset connectedAt)
{
    public string ConnectionId { get; } = connectionId;
    public string DeviceId { get; } = deviceId;
    public EndPoint? RemoteEndPoint { get; } = remote;
    public bool Tls { get; } = tls;
    public DateTimeOffset ConnectedAt { get; } = connectedAt;

    /// <summary>Why the platform closed this session (key reset, disabled...), when it did.</summary>
    public string? CloseDetail { get; set; }
}
