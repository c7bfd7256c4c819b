using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NovaConsole.Bench.Protocol;

namespace NovaConsole.Bench.Client;

/// <summary>
/// One MQTT 3.1.1 client on a raw non-blocking socket (TCP_NODELAY). The handshake (CONNECT/CONNACK,
/// SUBSCRIBE/SUBACK) runs before <see cref="RunReceiveLoopAsync"/>; afterwards the receive loop is the only
/// reader, and sends go through one lock so the receive loop's PUBACKs, a publisher's PUBLISHes and
/// keep-alive pings never interleave on the wire.
/// </summary>
internal sealed class MqttBenchClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ClientSettings _settings;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[] _receive;
    private byte[]? _replies;
    private int _start, _end;
    private long _lastSendTimestamp;

    private MqttBenchClient(Socket socket, ClientSettings settings, string clientId)
    {
        _socket = socket;
        _settings = settings;
        ClientId = clientId;
        _receive = new byte[settings.ReceiveBufferSize];
    }

    public string ClientId { get; }

    /// <summary>Set when the receive loop ended because the broker closed the connection or it failed.</summary>
    public string? Failure { get; private set; }

    public long LastSendTimestamp => Volatile.Read(ref _lastSendTimestamp);

    public static async Task<MqttBenchClient> ConnectAsync(ClientSettings settings, string clientId,
        IPAddress? localAddress, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var client = new MqttBenchClient(socket, settings, clientId);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.ConnectTimeoutMs);
            // Binding to 127.0.0.x first spreads connections over source addresses: ~28k ephemeral ports each.
            if (localAddress is not null) socket.Bind(new IPEndPoint(localAddress, 0));
            await socket.ConnectAsync(settings.Broker, timeout.Token).ConfigureAwait(false);

            byte[] connect = new byte[64 + clientId.Length * 3 + (settings.UserName?.Length ?? 0) * 3 + (settings.Password?.Length ?? 0) * 3];
            int length = MqttClientEncoder.WriteConnect(connect, clientId, settings.KeepAliveSeconds,
                cleanSession: true, settings.UserName, settings.Password);
            await client.SendAsync(connect.AsMemory(0, length), timeout.Token).ConfigureAwait(false);

            var frame = await client.ReadFrameAsync(timeout.Token).ConfigureAwait(false);
            if (frame.PacketType != MqttClientDecoder.ConnAck) throw new MqttBenchProtocolException($"expected CONNACK, got type {frame.PacketType}");
            int code = MqttClientDecoder.ReadConnAckReturnCode(client.Body(frame));
            client.Consume(frame);
            if (code != 0) throw new MqttBenchProtocolException($"CONNACK refused with return code {code}");
            return client;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>SUBSCRIBE and wait for the SUBACK; call before the receive loop starts.</summary>
    public async Task SubscribeAsync(string topicFilter, int qos, CancellationToken cancellationToken)
    {
        byte[] packet = new byte[16 + topicFilter.Length * 3];
        int length = MqttClientEncoder.WriteSubscribe(packet, 1, topicFilter, qos);
        await SendAsync(packet.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        var frame = await ReadFrameAsync(cancellationToken).ConfigureAwait(false);
        if (frame.PacketType != MqttClientDecoder.SubAck) throw new MqttBenchProtocolException($"expected SUBACK, got type {frame.PacketType}");
        bool granted = MqttClientDecoder.SubAckGranted(Body(frame));
        Consume(frame);
        if (!granted) throw new MqttBenchProtocolException($"SUBSCRIBE {topicFilter} refused");
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Bounded: each pass sends at least one byte or throws.
            while (!data.IsEmpty)
            {
                int sent = await _socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (sent <= 0) throw new SocketException((int)SocketError.ConnectionReset);
                data = data[sent..];
            }
            Volatile.Write(ref _lastSendTimestamp, Stopwatch.GetTimestamp());
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public ValueTask PingAsync(CancellationToken cancellationToken) => SendAsync(PingBytes, cancellationToken);

    private static readonly ReadOnlyMemory<byte> PingBytes = MqttClientEncoder.PingReq.ToArray();
    private static readonly ReadOnlyMemory<byte> DisconnectBytes = MqttClientEncoder.Disconnect.ToArray();

    /// <summary>
    /// Reads and dispatches packets until the broker closes the socket or <paramref name="cancellationToken"/>
    /// fires. Replies produced while parsing one chunk are sent as one write.
    /// </summary>
    public async Task RunReceiveLoopAsync(IMqttPacketHandler handler, CancellationToken cancellationToken)
    {
        _replies ??= _settings.ReplyBufferSize > 0 ? new byte[_settings.ReplyBufferSize] : [];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Parse what is buffered; stop early when the reply buffer is nearly full and flush it.
                bool more;
                do
                {
                    more = ParseBuffered(handler, out int replyLength);
                    if (replyLength > 0) await SendAsync(_replies.AsMemory(0, replyLength), cancellationToken).ConfigureAwait(false);
                }
                while (more);
                handler.OnChunkParsed();

                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    Failure ??= "closed by broker";
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is SocketException or MqttBenchProtocolException or ObjectDisposedException)
        {
            if (!cancellationToken.IsCancellationRequested) Failure ??= ex.Message;
        }
    }

    /// <returns>True when parsing stopped because the reply buffer filled up and more frames may be buffered.</returns>
    private bool ParseBuffered(IMqttPacketHandler handler, out int replyLength)
    {
        replyLength = 0;
        Span<byte> replies = _replies;
        while (MqttClientDecoder.TryReadFrame(_receive.AsSpan(_start, _end - _start), _settings.MaxPacketSize, out var frame))
        {
            replyLength += handler.OnPacket(frame, Body(frame), replies[replyLength..]);
            Consume(frame);
            if (replies.Length > 0 && replies.Length - replyLength < 64) return true;
        }
        return false;
    }

    /// <summary>Sends DISCONNECT (best effort) and closes the socket.</summary>
    public async ValueTask DisconnectAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(2000);
            await SendAsync(DisconnectBytes, timeout.Token).ConfigureAwait(false);
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        _socket.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private ReadOnlySpan<byte> Body(MqttFrame frame) => _receive.AsSpan(_start + frame.BodyOffset, frame.BodyLength);

    private void Consume(MqttFrame frame) => _start += frame.TotalLength;

    private async ValueTask<MqttFrame> ReadFrameAsync(CancellationToken cancellationToken)
    {
        // Bounded by the connect timeout and by the packet size cap.
        while (true)
        {
            if (MqttClientDecoder.TryReadFrame(_receive.AsSpan(_start, _end - _start), _settings.MaxPacketSize, out var frame)) return frame;
            if (!await FillAsync(cancellationToken).ConfigureAwait(false)) throw new MqttBenchProtocolException("closed during handshake");
        }
    }

    /// <summary>Compacts, grows for a large frame if needed, and receives once. False when the peer closed.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_start > 0 && _end == _receive.Length)
        {
            Buffer.BlockCopy(_receive, _start, _receive, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _receive.Length)
        {
            int needed = MqttClientDecoder.FrameSizeOrUnknown(_receive.AsSpan(0, _end), _settings.MaxPacketSize);
            Array.Resize(ref _receive, Math.Max(_receive.Length * 2, needed));
        }
        int received = await _socket.ReceiveAsync(_receive.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (received == 0) return false;
        _end += received;
        return true;
    }
}
