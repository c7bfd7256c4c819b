using System.Threading.Tasks.Sources;

namespace NovaConsole.Mqtt.Broker.Connections;

/// <summary>
/// An auto-reset wake-up for one waiter (the flush loop) and any number of signallers (writers). Signals coalesce
/// while nobody waits. Allocation-free, and about a tenth of the size of a channel, which matters at 50,000 connections.
/// </summary>
internal sealed class FlushSignal : IValueTaskSource<bool>, IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Signalled = 1;
    private const int Waiting = 2;
    private const int Completed = 3;

    // The waiter never resumes inside a writer's Set (which may hold locks): Set queues this object itself to the
    // thread pool, which costs no allocation (a core with RunContinuationsAsynchronously may allocate a work item).
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = false };
    private int _state;

    /// <summary>Wakes the waiter, or leaves a signal for its next wait.</summary>
    public void Set()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Idle:
                    if (Interlocked.CompareExchange(ref _state, Signalled, Idle) == Idle)
                    {
                        return;
                    }

                    break;
                case Waiting:
                    if (Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                        return;
                    }

                    break;
                default:
                    return; // already signalled, or completed
            }
        }
    }

    /// <summary>True when signalled, false once <see cref="Complete"/> was called. One waiter at a time.</summary>
    public ValueTask<bool> WaitAsync()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Signalled:
                    if (Interlocked.CompareExchange(ref _state, Idle, Signalled) == Signalled)
                    {
                        return ValueTask.FromResult(true);
                    }

                    break;
                case Completed:
                    return ValueTask.FromResult(false);
                default:
                    // Idle: nobody completes the core until we publish Waiting, so resetting it here is safe.
                    _core.Reset();
                    if (Interlocked.CompareExchange(ref _state, Waiting, Idle) == Idle)
                    {
                        return new ValueTask<bool>(this, _core.Version);
                    }

                    break;
            }
        }
    }

    void IThreadPoolWorkItem.Execute() => _core.SetResult(true);

    /// <summary>Ends waiting for good: a pending or later wait returns false. Call it holding no lock.</summary>
    public void Complete()
    {
        if (Interlocked.Exchange(ref _state, Completed) == Waiting)
        {
            _core.SetResult(false);
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
