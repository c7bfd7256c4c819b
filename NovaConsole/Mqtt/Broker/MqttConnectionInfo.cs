using System.Net;

namespace NovaConsole.Mqtt.Broker;

/// <summary>How a client reached the broker; hooks see it (e.g. to demand TLS for passwords).</summary>
internal enum MqttTransport : byte
{
    Tcp,
    Tls,
    WebSocket,

    /// <summary>A WebSocket over HTTPS (wss://).</summary>
    SecureWebSocket,
}

/// <summary>
/// What the host knows about one accepted transport connection when it hands it to
/// <see cref="MqttBroker.RunConnectionAsync"/>.
/// </summary>
internal sealed record MqttConnectionInfo(string ConnectionId, EndPoint? RemoteEndPoint, MqttTransport Transport)
{
    public bool IsSecure => Transport is MqttTransport.Tls or MqttTransport.SecureWebSocket;
}
