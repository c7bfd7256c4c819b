using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Options;

namespace NovaConsole.Devices.Tcp;

/// <summary>Kestrel's entry point for the device TCP port (plain or inside TLS): one <see cref="DeviceTcpConnection"/> per socket.</summary>
internal sealed class DeviceTcpConnectionHandler(
    IOptions<DeviceTcpOptions> options,
    IDeviceTcpHooks hooks,
    DeviceTcpSessions sessions,
    DeviceTcpStatistics statistics,
    TimeProvider time,
    ILogger<DeviceTcpConnectionHandler> logger) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection)
    {
        // Replies are small and latency matters more than packing them: no Nagle delay.
        if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket) socket.NoDelay = true;
        var tls = connection.Features.Get<ITlsHandshakeFeature>() is not null;
        return new DeviceTcpConnection(connection.Transport, connection.ConnectionId, connection.RemoteEndPoint, tls,
            options.Value, hooks, sessions, statistics, time, logger).RunAsync(connection.ConnectionClosed);
    }
}
