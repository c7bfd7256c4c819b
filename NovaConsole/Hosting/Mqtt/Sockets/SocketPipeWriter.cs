using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace NovaConsole.Hosting.Mqtt.Sockets;

/// <summary>
/// The output of <see cref="SocketDuplexPipe"/>: writes go into a buffer rented on first use; a flush sends it with
/// non-blocking sends and returns the buffer once all of it is in the kernel. Only when the socket's send buffer is
/// full does the flush go asynchronous, and it does not complete until the bytes are sent, which is the back-pressure
/// MqttOutbound's MaxPendingWriteBytes relies on.
/// </summary>
/// <remarks>Single writer, like any PipeWriter: MqttOutbound serializes GetSpan/Advance/FlushAsync and writes nothing
/// while a flush is pending. Only <see cref="CancelPendingFlush"/> comes from another thread.</remarks>
internal sealed class SocketPipeWriter : PipeWriter
{
    private const int WriteSize = 4096;

    private readonly SocketDuplexPipe _owner;
    private readonly Socket _socket;
    private byte[]? _buffer;
    private int _written;
    private int _sent;
    private bool _peerGone;
    private bool _completed;
    private volatile bool _cancelRequested;
    private volatile CancellationTokenSource? _sending;

    public SocketPipeWriter(SocketDuplexPipe owner, Socket socket)
    {
        _owner = owner;
        _socket = socket;
    }

    /// <summary>Bytes held right now (0 once everything was sent); for tests.</summary>
    internal int BufferedCapacity => _buffer?.Length ?? 0;

    public override void Advance(int bytes)
    {
        if ((uint)bytes > (uint)(Capacity - _written))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes));
        }

        _written += bytes;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureRoom(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureRoom(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_cancelRequested)
        {
            _cancelRequested = false;
            return new ValueTask<FlushResult>(new FlushResult(isCanceled: true, isCompleted: false));
        }

        while (!_peerGone && _sent < _written)
        {
            int sent;
            SocketError error;
            try
            {
                sent = _socket.Send(_buffer.AsSpan(_sent, _written - _sent), SocketFlags.None, out error);
            }
            catch (ObjectDisposedException)
            {
                sent = 0;
                error = SocketError.OperationAborted;
            }

            if (error == SocketError.WouldBlock)
            {
                return SendWhenWritableAsync(cancellationToken);
            }

            if (error != SocketError.Success)
            {
                _peerGone = true;
                break;
            }

            _sent += sent;
        }

        return new ValueTask<FlushResult>(Sent());
    }

    public override void CancelPendingFlush()
    {
        if (_sending is { } sending)
        {
            try
            {
                sending.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The send finished meanwhile.
            }
        }
        else
        {
            _cancelRequested = true;
        }
    }

    public override void Complete(Exception? exception = null)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_sending is null)
        {
            ReturnBuffer();
        }

        _owner.SideCompleted();
    }

    private int Capacity => _buffer?.Length ?? 0;

    // The socket's send buffer is full: wait for room. Rare (a client that does not read), so the pooled state
    // machine, the socket's cached send arguments and the cancellation source are only paid for by such clients.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FlushResult> SendWhenWritableAsync(CancellationToken cancellationToken)
    {
        var sending = new CancellationTokenSource();
        using var linked = cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), sending);
        _sending = sending;
        try
        {
            while (_sent < _written)
            {
                _sent += await _socket.SendAsync(_buffer.AsMemory(_sent, _written - _sent), SocketFlags.None, sending.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Unsent bytes stay for a later flush; the broker cancels only when it closes.
            return Finish(new FlushResult(isCanceled: true, isCompleted: false));
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            _peerGone = true;
        }

        return Finish(Sent());

        FlushResult Finish(FlushResult result)
        {
            _sending = null;
            sending.Dispose();
            if (_completed)
            {
                ReturnBuffer();
            }

            return result;
        }
    }

    // Everything sent (or the peer is gone): nothing to keep, so the buffer goes back to the pool.
    private FlushResult Sent()
    {
        ReturnBuffer();
        return new FlushResult(isCanceled: false, isCompleted: _peerGone);
    }

    private void EnsureRoom(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(sizeHint, WriteSize));
            return;
        }

        if (_buffer.Length - _written >= sizeHint)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + sizeHint));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private void ReturnBuffer()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _written = _sent = 0;
    }
}
