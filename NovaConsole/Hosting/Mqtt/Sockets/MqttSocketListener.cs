using System.Net;
using System.Net.Sockets;
using NovaConsole.Mqtt.Broker;

namespace NovaConsole.Hosting.Mqtt.Sockets;

/// <summary>
/// The plain MQTT listener on our own socket transport (<c>Mqtt:Transport = sockets</c>): an accept loop that hands
/// each socket to the broker as a <see cref="SocketDuplexPipe"/>. Kestrel's socket transport keeps two pipes and
/// their loops per connection (~5 KB idle); this keeps a socket and three small objects.
/// </summary>
/// <remarks>Registered after the broker's lifetime service, so on stop it closes the listening socket first and the
/// broker then closes the connections (graceful, bounded by <c>Mqtt:ShutdownTimeoutSeconds</c>).</remarks>
internal sealed partial class MqttSocketListener : IHostedService, IDisposable
{
    private const int Backlog = 512;

    private readonly MqttBroker _broker;
    private readonly IPEndPoint _endPoint;
    private readonly ILogger<MqttSocketListener> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task _accepting = Task.CompletedTask;
    private long _lastConnectionId;
    private int _disposed;

    public MqttSocketListener(MqttBroker broker, IPEndPoint endPoint, ListenerRegistry registry, ILogger<MqttSocketListener> logger)
    {
        _broker = broker;
        _endPoint = endPoint;
        _logger = logger;
        registry.Add(ListenerNames.Mqtt, "mqtt", () => BoundEndPoint);
    }

    /// <summary>The bound address (the real port when configured with port 0); null before start.</summary>
    public IPEndPoint? BoundEndPoint { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var listener = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As Kestrel does: a restarted server can bind while old connections linger in TIME_WAIT.
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(_endPoint);
            listener.Listen(Backlog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        BoundEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _accepting = Task.Run(() => AcceptLoopAsync(listener), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Cancelled, not just disposed: closing the socket alone does not always wake a pending accept on Linux.
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        try
        {
            await _accepting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host gave up waiting; the loop ends with the process.
        }
    }

    public void Dispose()
    {
        // Both the container and the host may dispose it.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _listener?.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.OperationAborted)
            {
                return;
            }
            catch (SocketException ex)
            {
                // Out of file descriptors, or a connection reset while queued: keep listening, without spinning.
                AcceptFailed(_logger, ex.SocketErrorCode);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            Run(socket);
        }
    }

    private void Run(Socket socket)
    {
        SocketDuplexPipe pipe;
        EndPoint? remote;
        try
        {
            pipe = new SocketDuplexPipe(socket);
            remote = socket.RemoteEndPoint;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Reset before we got to it.
            socket.Dispose();
            return;
        }

        var id = "s" + Interlocked.Increment(ref _lastConnectionId).ToString("x");
        // Not awaited: the broker never throws for a connection, and closes the socket through the pipe.
        _ = _broker.RunConnectionAsync(pipe, new MqttConnectionInfo(id, remote, MqttTransport.Tcp));
    }

    [LoggerMessage(EventId = 125, Level = LogLevel.Warning, Message = "MQTT listener: accept failed ({Error}); retrying")]
    private static partial void AcceptFailed(ILogger logger, SocketError error);
}
