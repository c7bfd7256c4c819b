using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace NovaConsole.Hosting.Mqtt.Sockets;

/// <summary>
/// The input of <see cref="SocketDuplexPipe"/>: holds no buffer while idle. It waits for readability with a zero-byte
/// receive, then rents a buffer from <see cref="ArrayPool{T}.Shared"/>, reads without blocking, and returns the buffer
/// as soon as the consumer has consumed all of it. The data is one contiguous array (grown when a packet does not
/// fit), so every <see cref="ReadResult.Buffer"/> is a single segment.
/// </summary>
/// <remarks>Not an async method: the reader is its own awaitable, so a waiting read holds no state machine.
/// State is guarded by <c>lock (this)</c> (the type is sealed and internal: nobody else locks it); a lock costs
/// nothing per connection, unlike a separate lock object.</remarks>
internal sealed class SocketPipeReader : PipeReader, IValueTaskSource<ReadResult>
{
    private const int ReadSize = 4096;
    private const int MinimumRead = 512;

    private readonly SocketDuplexPipe _owner;
    private readonly Socket _socket;
    private ManualResetValueTaskSourceCore<ReadResult> _waiter = new() { RunContinuationsAsynchronously = true };
    private ReadinessWait? _readiness;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private bool _examinedAll = true;
    private bool _ended;
    private bool _completed;
    private bool _cancelRequested;
    private bool _waiting;
    private bool _receiving;

    public SocketPipeReader(SocketDuplexPipe owner, Socket socket)
    {
        _owner = owner;
        _socket = socket;
    }

    /// <summary>Bytes held right now (0 while idle); for tests.</summary>
    internal int BufferedCapacity
    {
        get
        {
            lock (this) return _buffer?.Length ?? 0;
        }
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        // The broker never passes a token (it aborts with CancelPendingRead); a token would need a registration.
        lock (this)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            if (_waiting)
            {
                throw new InvalidOperationException("A read is already pending.");
            }

            if (_cancelRequested)
            {
                _cancelRequested = false;
                return new ValueTask<ReadResult>(new ReadResult(Current, isCanceled: true, _ended));
            }

            if (TryProduceLocked(out var result))
            {
                return new ValueTask<ReadResult>(result);
            }

            _waiter.Reset();
            _waiting = true;
            WaitLocked();
            return new ValueTask<ReadResult>(this, _waiter.Version);
        }
    }

    public override bool TryRead(out ReadResult result)
    {
        lock (this)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            if (_cancelRequested)
            {
                _cancelRequested = false;
                result = new ReadResult(Current, isCanceled: true, _ended);
                return true;
            }

            return TryProduceLocked(out result);
        }
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        lock (this)
        {
            if (_buffer is null)
            {
                _examinedAll = true;
                return;
            }

            // Positions of a single-array sequence are absolute indexes into that array.
            var consumedAt = ReferenceEquals(consumed.GetObject(), _buffer) ? consumed.GetInteger() : _start;
            var examinedAt = ReferenceEquals(examined.GetObject(), _buffer) ? examined.GetInteger() : _end;
            if (consumedAt < _start || consumedAt > _end || examinedAt < consumedAt)
            {
                throw new ArgumentOutOfRangeException(nameof(consumed), "The position is not in the last read's buffer.");
            }

            _start = consumedAt;
            _examinedAll = examinedAt >= _end;
            if (_start == _end)
            {
                ReturnBufferLocked();
            }
        }
    }

    public override void CancelPendingRead()
    {
        lock (this)
        {
            if (_waiting)
            {
                // The readiness wait stays armed; its completion is kept for the next read.
                CompleteWaiterLocked(new ReadResult(Current, isCanceled: true, _ended));
            }
            else
            {
                _cancelRequested = true;
            }
        }
    }

    public override void Complete(Exception? exception = null)
    {
        lock (this)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            ReturnBufferLocked();
            if (!_receiving)
            {
                // A wait still armed disposes them when the socket's close ends it (OnReadable).
                _readiness?.Dispose();
            }

            if (_waiting)
            {
                CompleteWaiterLocked(new ReadResult(ReadOnlySequence<byte>.Empty, isCanceled: true, isCompleted: true));
            }
        }

        _owner.SideCompleted();
    }

    private ReadOnlySequence<byte> Current =>
        _buffer is null || _start == _end ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(_buffer, _start, _end - _start);

    // True with a result when there is unexamined data, the stream ended, or a non-blocking receive got bytes.
    private bool TryProduceLocked(out ReadResult result)
    {
        if (_start < _end && !_examinedAll)
        {
            result = new ReadResult(Current, isCanceled: false, _ended);
            return true;
        }

        if (_ended)
        {
            result = new ReadResult(Current, isCanceled: false, isCompleted: true);
            return true;
        }

        // A synchronous receive must not race the socket's own pending readiness wait.
        if (_receiving || !TryReceiveLocked())
        {
            result = default;
            return false;
        }

        result = new ReadResult(Current, isCanceled: false, _ended);
        return true;
    }

    // Non-blocking receive (the socket is in non-blocking mode); false when nothing is there yet.
    private bool TryReceiveLocked()
    {
        EnsureRoomLocked();
        int received;
        SocketError error;
        try
        {
            received = _socket.Receive(_buffer.AsSpan(_end), SocketFlags.None, out error);
        }
        catch (ObjectDisposedException)
        {
            received = 0;
            error = SocketError.OperationAborted;
        }

        if (error == SocketError.WouldBlock)
        {
            if (_start == _end)
            {
                ReturnBufferLocked();
            }

            return false;
        }

        if (error != SocketError.Success || received == 0)
        {
            // End of stream, or reset/aborted: both end the input (the broker reports "transport closed").
            _ended = true;
            if (_start == _end)
            {
                ReturnBufferLocked();
            }

            return true;
        }

        _end += received;
        _examinedAll = false;
        return true;
    }

    private void EnsureRoomLocked()
    {
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
            _start = _end = 0;
            return;
        }

        if (_buffer.Length - _end >= MinimumRead)
        {
            return;
        }

        var length = _end - _start;
        if (_start > 0 && _buffer.Length - length >= MinimumRead)
        {
            _buffer.AsSpan(_start, length).CopyTo(_buffer);
        }
        else
        {
            // A packet larger than the buffer: the broker caps it at MaxPacketSize before it gets here twice over.
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, length + ReadSize));
            _buffer.AsSpan(_start, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        _start = 0;
        _end = length;
    }

    private void ReturnBufferLocked()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _start = _end = 0;
    }

    // Arms a zero-byte receive (readiness without a buffer) until data or the end is there for the waiting read.
    private void WaitLocked()
    {
        while (_waiting)
        {
            if (TryProduceLocked(out var result))
            {
                CompleteWaiterLocked(result);
                return;
            }

            if (_receiving)
            {
                return;
            }

            _readiness ??= new ReadinessWait(this);
            bool pending;
            try
            {
                pending = _socket.ReceiveAsync(_readiness);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException or InvalidOperationException)
            {
                _ended = true;
                continue;
            }

            _receiving = true;
            if (pending)
            {
                return;
            }

            ObserveReadinessLocked();
        }
    }

    private void OnReadable()
    {
        lock (this)
        {
            ObserveReadinessLocked();
            if (_completed)
            {
                _readiness?.Dispose();
            }
            else
            {
                WaitLocked();
            }
        }
    }

    private void ObserveReadinessLocked()
    {
        _receiving = false;
        if (_readiness!.SocketError != SocketError.Success)
        {
            // Reset, or aborted because the socket was closed.
            _ended = true;
        }
    }

    private void CompleteWaiterLocked(ReadResult result)
    {
        _waiting = false;
        _waiter.SetResult(result);
    }

    // A zero-byte receive: completes when the socket is readable, without a buffer. Our own arguments rather than
    // the socket's cached ones, so the completion needs no extra delegate or awaiter.
    private sealed class ReadinessWait : SocketAsyncEventArgs
    {
        private readonly SocketPipeReader reader;

        public ReadinessWait(SocketPipeReader reader)
            : base(unsafeSuppressExecutionContextFlow: true)
        {
            this.reader = reader;
            SetBuffer(Memory<byte>.Empty);
        }

        protected override void OnCompleted(SocketAsyncEventArgs e) => reader.OnReadable();
    }

    ReadResult IValueTaskSource<ReadResult>.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<ReadResult>.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource<ReadResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);
}
