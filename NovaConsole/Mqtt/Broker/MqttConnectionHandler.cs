using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace NovaConsole.Mqtt.Broker;

/// <summary>
/// Kestrel glue: <c>listenOptions.UseConnectionHandler&lt;MqttConnectionHandler&gt;()</c> on a plain or a TLS
/// (<c>UseHttps</c>) listener. The transport is taken from <c>connection.Items[TransportItemKey]</c> when a
/// middleware set it, else TLS when the connection carries a TLS handshake, else TCP. For a delegate listener,
/// <c>listenOptions.Run(ctx => MqttConnectionHandler.RunAsync(broker, ctx, MqttTransport.Tcp))</c> does the same.
/// </summary>
internal sealed class MqttConnectionHandler(MqttBroker broker) : ConnectionHandler
{
    /// <summary>Key of an <see cref="MqttTransport"/> in <see cref="ConnectionContext.Items"/>.</summary>
    public const string TransportItemKey = "NovaConsole.Mqtt.Transport";

    public override Task OnConnectedAsync(ConnectionContext connection) => RunAsync(broker, connection);

    public static Task RunAsync(MqttBroker broker, ConnectionContext connection, MqttTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(connection);
        EnableNoDelay(connection);
        var info = new MqttConnectionInfo(connection.ConnectionId, connection.RemoteEndPoint, transport ?? DetectTransport(connection));

        // No ConnectionClosed token: Kestrel completes the transport's input before it fires that token (the socket
        // ended, or Kestrel aborted it), so the read loop ends anyway, and a registration cost ~100 bytes a connection.
        return broker.RunConnectionAsync(connection.Transport, info);
    }

    private static MqttTransport DetectTransport(ConnectionContext connection)
    {
        if (connection.Items.TryGetValue(TransportItemKey, out var value) && value is MqttTransport configured)
        {
            return configured;
        }

        return connection.Features.Get<ITlsHandshakeFeature>() is not null ? MqttTransport.Tls : MqttTransport.Tcp;
    }

    // Small MQTT packets (PUBACK, PINGRESP) must not wait for Nagle's algorithm. Kestrel's socket transport
    // already sets NoDelay by default; this keeps it so if another transport or setting changes that.
    private static void EnableNoDelay(ConnectionContext connection)
    {
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            return;
        }

        try
        {
            socket.NoDelay = true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or NotSupportedException)
        {
            // Not a TCP socket (e.g. a Unix domain socket), or already closed.
        }
    }
}
