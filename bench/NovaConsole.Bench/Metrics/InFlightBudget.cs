namespace NovaConsole.Bench.Metrics;

/// <summary>
/// Credits shared between producers and the loop that confirms their messages: a publisher takes credits
/// before it sends, a subscriber (delivery) or a PUBACK (window) gives them back. This keeps the broker's
/// queues short, so the measured rate is what the broker sustains rather than how fast it can buffer.
/// </summary>
internal sealed class InFlightBudget(long capacity)
{
    private long _available = capacity;
    private TaskCompletionSource _released = NewSignal();

    public long Capacity { get; } = capacity;
    public long Available => Volatile.Read(ref _available);

    /// <summary>Takes up to <paramref name="maxUnits"/> units of <paramref name="unitCost"/> credits each; returns how many units.</summary>
    public int TryTake(int maxUnits, int unitCost)
    {
        // A CAS retry loop; bounded in practice by the number of contending publishers.
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            long available = Volatile.Read(ref _available);
            int units = (int)Math.Min(maxUnits, available / unitCost);
            if (units <= 0) return 0;
            if (Interlocked.CompareExchange(ref _available, available - (long)units * unitCost, available) == available) return units;
        }
        return 0;
    }

    public void Release(long credits)
    {
        if (credits <= 0) return;
        Interlocked.Add(ref _available, credits);
        Interlocked.Exchange(ref _released, NewSignal()).TrySetResult();
    }

    /// <summary>Gives back every credit: used when QoS 0 messages were dropped and will never be confirmed.</summary>
    public void Reset()
    {
        Volatile.Write(ref _available, Capacity);
        Interlocked.Exchange(ref _released, NewSignal()).TrySetResult();
    }

    /// <summary>
    /// The signal of the next release. Take it BEFORE a failed <see cref="TryTake"/> and await it after,
    /// so a release between the two is not missed.
    /// </summary>
    public Task NextRelease => Volatile.Read(ref _released).Task;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
