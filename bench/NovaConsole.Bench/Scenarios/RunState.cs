using System.Diagnostics;
using NovaConsole.Bench.Metrics;

namespace NovaConsole.Bench.Scenarios;

/// <summary>What all publishers of one run share: the delivery budget, the message cap and the clock.</summary>
internal sealed class RunState(PubSubShape shape)
{
    private long _remaining = shape.MaxMessages;
    private int _stalls;
    private long _skipped;

    public PubSubShape Shape { get; } = shape;
    /// <summary>
    /// The run's delivery budget split per publisher (each at least one message's worth): published x subscribers
    /// minus delivered stays under the global budget, and a delivery wakes only the publisher it belongs to.
    /// </summary>
    public InFlightBudget[] Budgets { get; } = Enumerable.Range(0, Math.Max(1, shape.Publishers))
        .Select(_ => new InFlightBudget(Math.Max(shape.GlobalBudget / Math.Max(1, shape.Publishers), Math.Max(1, shape.Subscribers))))
        .ToArray();
    public long DeadlineTimestamp { get; set; } = long.MaxValue;
    public int Stalls => Volatile.Read(ref _stalls);
    public long Skipped => Interlocked.Read(ref _skipped);

    public bool Running => Stopwatch.GetTimestamp() < DeadlineTimestamp;

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
    /// One watchdog per run instead of a timer per wait: when no delivery arrived for a second while
    /// publishers are starved of credits, the outstanding messages were dropped (QoS 0) or are stuck.
    /// Forgive them so the run goes on; the loss still shows as sent - delivered. Also wakes publishers at
    /// the deadline. Ends with the run.
    /// </summary>
    public async Task WatchStallsAsync(Func<long> delivered, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        long last = -1, lastChange = Stopwatch.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                long now = Stopwatch.GetTimestamp(), count = delivered();
                if (!Running)
                {
                    ResetBudgets(); // wake every waiting publisher so it sees the deadline
                    return;
                }
                if (count != last)
                {
                    last = count;
                    lastChange = now;
                }
                else if (now - lastChange > Stopwatch.Frequency && Budgets.Any(b => b.HasWaiters))
                {
                    Interlocked.Increment(ref _stalls);
                    ResetBudgets();
                    lastChange = now;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void ResetBudgets()
    {
        foreach (var budget in Budgets) budget.Reset();
    }
}
