using System.IO.Pipelines;
using System.Net.Sockets;

namespace NovaConsole.Hosting.Mqtt.Sockets;

/// <summary>
/// One accepted socket as the <see cref="IDuplexPipe"/> the broker runs on. The socket is closed when both sides
/// are completed (the broker completes its output, then its input, when a connection ends), so no task or state
/// machine per connection waits for the end.
/// </summary>
internal sealed class SocketDuplexPipe : IDuplexPipe
{
    private readonly Socket _socket;
    private int _openSides = 2;

    public SocketDuplexPipe(Socket socket)
    {
        _socket = socket;
        // Non-blocking: reads and flushes try the socket synchronously and only wait when it is not ready.
        socket.Blocking = false;
        // Small MQTT packets (PUBACK, PINGRESP) must not wait for Nagle's algorithm.
        socket.NoDelay = true;
        Reader = new SocketPipeReader(this, socket);
        Writer = new SocketPipeWriter(this, socket);
    }

    public SocketPipeReader Reader { get; }

    public SocketPipeWriter Writer { get; }

    public PipeReader Input => Reader;

    public PipeWriter Output => Writer;

    internal void SideCompleted()
    {
        if (Interlocked.Decrement(ref _openSides) == 0)
        {
            // Shut down first: it ends a readiness wait still armed after a cancelled read, so the close that
            // follows is graceful (FIN). Closing a socket with a receive pending resets it, and the peer could lose
            // our last packets (a refusing CONNACK).
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already reset by the peer.
            }

            _socket.Dispose();
        }
    }
}
