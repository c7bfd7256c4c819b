using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NovaConsole.Bench.Devices;

/// <summary>
/// One NovaCloud TCP device (seed 004 §3): an auth line, the auth_result line back, then newline-delimited JSON
/// data lines. Devices get no acknowledgement per data line, so the caller paces them (see DeviceIngestTcp).
/// After the handshake the socket's input is drained by <see cref="RunReceiveLoopAsync"/> (pongs, errors, commands).
/// </summary>
internal sealed class TcpDeviceClient : IAsyncDisposable
{
    private readonly Socket _socket;

    private TcpDeviceClient(Socket socket) => _socket = socket;

    public string? Failure { get; private set; }

    public static async Task<TcpDeviceClient> ConnectAsync(IPEndPoint server, DeviceCredential device, IPAddress? source, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(15_000);
            if (source is not null) socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(server, timeout.Token).ConfigureAwait(false);
            var auth = Encoding.UTF8.GetBytes($"{{\"type\":\"auth\",\"device_id\":\"{device.Id}\",\"device_key\":\"{device.Key}\"}}\n");
            await socket.SendAsync(auth, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            var buffer = new byte[512];
            int length = 0;
            while (Array.IndexOf(buffer, (byte)'\n', 0, length) < 0)
            {
                if (length == buffer.Length) throw new InvalidOperationException("auth_result line too long");
                int n = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                if (n == 0) throw new InvalidOperationException("closed before auth_result");
                length += n;
            }
            string line = Encoding.UTF8.GetString(buffer, 0, Array.IndexOf(buffer, (byte)'\n', 0, length));
            if (!line.Contains("\"success\"", StringComparison.Ordinal)) throw new InvalidOperationException($"auth refused: {line}");
            return new TcpDeviceClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (!data.IsEmpty)
        {
            int n = await _socket.SendAsync(data, SocketFlags.None, ct).ConfigureAwait(false);
            data = data[n..];
        }
    }

    /// <summary>Reads and discards until the server closes the socket or <paramref name="ct"/> fires; a close is a failure.</summary>
    public async Task RunReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[256];
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (await _socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false) == 0)
                {
                    Failure ??= "closed by server";
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            if (!ct.IsCancellationRequested) Failure ??= ex.Message;
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
