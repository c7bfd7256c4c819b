namespace NovaConsole.Bench.Metrics;

/// <summary>
/// Credits between one producer and the loops that confirm its messages: a publisher takes credits before it
/// sends; deliveries (subscriber) or PUBACKs (window) give them back. This keeps the broker's queues short,
/// so the measured rate is what the broker sustains rather than how fast it can buffer.
/// A release signals only when the producer is actually waiting, so confirming is cheap.
/// </summary>
internal sealed class InFlightBudget(long capacity)
{
    private long _available = capacity;
    private int _waiters;
    private long _wakeAt = 1;
    private TaskCompletionSource _released = NewSignal();

    public long Capacity { get; } = capacity;
    public long Available => Volatile.Read(ref _available);
    public bool HasWaiters => Volatile.Read(ref _waiters) > 0;

    /// <summary>Takes up to <paramref name="maxUnits"/> units of <paramref name="unitCost"/> credits each; returns how many units.</summary>
    public int TryTake(int maxUnits, int unitCost)
    {
        // A CAS retry loop; contention is at most the producer and a releasing loop.
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            long available = Volatile.Read(ref _available);
            int units = (int)Math.Min(maxUnits, available / unitCost);
            if (units <= 0) return 0;
            if (Interlocked.CompareExchange(ref _available, available - (long)units * unitCost, available) == available) return units;
        }
        return 0;
    }

    /// <summary>
    /// Takes up to <paramref name="maxUnits"/> units, waiting until that many are free (or the whole capacity):
    /// a producer woken for every single credit would write one packet per syscall, and the generator, not
    /// the broker, would burn the CPU. Ends early only through <paramref name="cancellationToken"/>; a reset
    /// (stall or deadline) frees everything and so always wakes it.
    /// </summary>
    public async ValueTask<int> TakeAsync(int maxUnits, int unitCost, CancellationToken cancellationToken)
    {
        long wanted = Math.Min((long)maxUnits * unitCost, Capacity / unitCost * unitCost);
        Volatile.Write(ref _wakeAt, wanted);
        if (Available >= wanted) return TryTake(maxUnits, unitCost);
        Interlocked.Increment(ref _waiters);
        try
        {
            // Each pass either takes credits or waits for the next signal (release past the mark, reset, cancel).
            while (true)
            {
                // Read the signal before checking: a release between the two completes this very signal.
                var signal = Volatile.Read(ref _released).Task;
                if (Available >= wanted)
                {
                    int units = TryTake(maxUnits, unitCost);
                    if (units > 0) return units;
                }
                await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }
    }

    public void Release(long credits)
    {
        if (credits <= 0) return;
        long available = Interlocked.Add(ref _available, credits);
        if (Volatile.Read(ref _waiters) > 0 && available >= Volatile.Read(ref _wakeAt)) Signal();
    }

    /// <summary>Gives back every credit: outstanding QoS 0 messages were dropped and will never be confirmed.</summary>
    public void Reset()
    {
        Volatile.Write(ref _available, Capacity);
        Signal();
    }

    private void Signal() => Interlocked.Exchange(ref _released, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
