using System.IO.Pipelines;

namespace NovaConsole.Mqtt.Broker.Connections;

/// <summary>The flush loop and the close of <see cref="MqttOutbound"/>.</summary>
internal sealed partial class MqttOutbound
{
    /// <summary>
    /// Stops writing, flushes what was written (bounded by <paramref name="timeout"/>, e.g. a refusing CONNACK)
    /// and completes the transport output, which closes the connection.
    /// </summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        TaskCompletionSource? waiters;
        lock (_lock)
        {
            if (_closeStarted)
            {
                return;
            }

            _closeStarted = true;
            _closed = true;
            waiters = _writableWaiters;
            _writableWaiters = null;
        }

        waiters?.TrySetResult();
        _signal.Complete();
        if (!_loop.IsCompleted && await Task.WhenAny(_loop, Task.Delay(timeout)).ConfigureAwait(false) != _loop)
        {
            _output.CancelPendingFlush();
            await _loop.ConfigureAwait(false);
        }

        try
        {
            // The loop is done and writers are shut out: this is the only user of the PipeWriter now.
            if (!_flushPending && _writer.Written > _flushedMark)
            {
                using var cts = new CancellationTokenSource(timeout);
                await _output.FlushAsync(cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The peer is gone or too slow; closing is all that is left.
        }

        await _output.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>An unexpected failure of the flush loop (logged by the connection when it closes).</summary>
    public Exception? Fault { get; private set; }

    private async Task FlushLoopAsync()
    {
        try
        {
            // A signal that arrives during a flush is kept, so a write after this point is flushed next round.
            while (await _signal.WaitAsync().ConfigureAwait(false))
            {
                if (!await FlushOnceAsync().ConfigureAwait(false))
                {
                    break;
                }

                // Outside the lock: the session drains its queue into the room the flush made.
                _owner.Session?.Drain();
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            MarkTransportClosed();
        }
        catch (Exception ex)
        {
            // A bug, not the peer: keep it for the connection to log, and close rather than write on blindly.
            Fault = ex;
            MarkTransportClosed();
        }
    }

    // Returns false once the transport is gone. Not an async method of its own: the loop's state machine is
    // allocated once per connection, so a flush that completes synchronously costs no allocation.
    private ValueTask<bool> FlushOnceAsync()
    {
        ValueTask<FlushResult> flush;
        lock (_lock)
        {
            if (_handedOverFlush is { } handedOver)
            {
                _handedOverFlush = null;
                return AwaitFlushAsync(handedOver);
            }

            if (_closed)
            {
                return ValueTask.FromResult(false);
            }

            if (_writer.Written == _flushedMark)
            {
                return ValueTask.FromResult(true);
            }

            _flushPending = true; // see CanWriteLocked: set before the call
            flush = _output.FlushAsync();
            if (!flush.IsCompletedSuccessfully)
            {
                return AwaitFlushAsync(flush);
            }

            _flushPending = false;
            _flushedMark = _writer.Written;
        }

        return ValueTask.FromResult(Completed(flush.Result));
    }

    private async ValueTask<bool> AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        FlushResult result;
        try
        {
            result = await flush.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            result = new FlushResult(isCanceled: false, isCompleted: true);
        }

        TaskCompletionSource? waiters;
        lock (_lock)
        {
            _flushPending = false;
            _flushedMark = _writer.Written;
            waiters = _writableWaiters;
            _writableWaiters = null;
        }

        waiters?.TrySetResult();
        return Completed(result);
    }

    private bool Completed(FlushResult result)
    {
        if (result.IsCompleted || result.IsCanceled)
        {
            MarkTransportClosed();
            return false;
        }

        return true;
    }

    private void MarkTransportClosed()
    {
        TaskCompletionSource? waiters;
        bool first;
        lock (_lock)
        {
            first = !_closed;
            _closed = true;
            waiters = _writableWaiters;
            _writableWaiters = null;
        }

        waiters?.TrySetResult();
        if (first)
        {
            _owner.Abort(MqttDisconnectReason.TransportClosed);
        }
    }
}
