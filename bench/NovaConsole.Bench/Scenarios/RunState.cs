using System.Diagnostics;
using NovaConsole.Bench.Metrics;

namespace NovaConsole.Bench.Scenarios;

/// <summary>What all publishers of one run share: the delivery budget, the message cap and the clock.</summary>
internal sealed class RunState(PubSubShape shape)
{
    private long _remaining = shape.MaxMessages;
    private long _lastResetTimestamp;
    private int _stalls;
    private long _skipped;

    public PubSubShape Shape { get; } = shape;
    public InFlightBudget Budget { get; } = new(Math.Max(shape.GlobalBudget, shape.Subscribers));
    public long DeadlineTimestamp { get; set; } = long.MaxValue;
    public int Stalls => Volatile.Read(ref _stalls);
    public long Skipped => Interlocked.Read(ref _skipped);

    public bool Running => Stopwatch.GetTimestamp() < DeadlineTimestamp;

    public TimeSpan TimeLeft =>
        TimeSpan.FromSeconds(Math.Max(0, (DeadlineTimestamp - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency));

    /// <summary>Reserves up to <paramref name="wanted"/> messages from the run's cap.</summary>
    public int Reserve(int wanted)
    {
        long after = Interlocked.Add(ref _remaining, -wanted);
        if (after >= 0) return wanted;
        long granted = wanted + after; // what was left before this call
        return granted > 0 ? (int)granted : 0;
    }

    public void CountSkipped() => Interlocked.Increment(ref _skipped);

    /// <summary>
    /// No delivery for a whole stall timeout: the outstanding messages were dropped (QoS 0) or are stuck.
    /// Forgive them once per timeout so the run goes on; the loss still shows as sent - delivered.
    /// </summary>
    public void OnStall()
    {
        long now = Stopwatch.GetTimestamp();
        long last = Volatile.Read(ref _lastResetTimestamp);
        if (now - last < Stopwatch.Frequency / 2) return;
        if (Interlocked.CompareExchange(ref _lastResetTimestamp, now, last) != last) return;
        Interlocked.Increment(ref _stalls);
        Budget.Reset();
    }
}
