using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Options;
using NovaConsole.Mqtt.Broker.Connections;

namespace NovaConsole.Devices.Tcp;

/// <summary>Kestrel's entry point for the device TCP port (plain or inside TLS): one <see cref="DeviceTcpConnection"/> per socket.</summary>
internal sealed class DeviceTcpConnectionHandler(
    IOptions<DeviceTcpOptions> options,
    IDeviceTcpHooks hooks,
    DeviceTcpSessions sessions,
    DeviceTcpStatistics statistics,
    TimeProvider time,
    PendingConnectionLimit pending,
    ILogger<DeviceTcpConnectionHandler> logger) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (!pending.TryEnter(connection.RemoteEndPoint))
        {
            DeviceTcpLog.TooManyPendingConnections(logger, connection.RemoteEndPoint?.ToString(), pending.MaxPerAddress);
            connection.Abort();
            return;
        }

        // Replies are small and latency matters more than packing them: no Nagle delay.
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket) socket.NoDelay = true;
        var tls = connection.Features.Get<ITlsHandshakeFeature>() is not null;
        var device = new DeviceTcpConnection(connection.Transport, connection.ConnectionId, connection.RemoteEndPoint, tls,
            options.Value, hooks, sessions, statistics, time, pending, logger);
        // Kestrel asks connections to close when the host stops; without this a device socket would hold the stop
        // until Kestrel's timeout, and the device would go offline (if at all) after the rest of the app had stopped.
        using var stopping = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested
            .UnsafeRegister(static state => ((DeviceTcpConnection)state!).Close(DeviceTcpCloseReason.ServerShutdown), device);
        await device.RunAsync(connection.ConnectionClosed);
    }
}
