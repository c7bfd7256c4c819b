using System.Diagnostics.Metrics;

namespace NovaConsole.Automation;

/// <summary>Automation's counters, through System.Diagnostics.Metrics (meter NovaConsole.Automation) and /api/v1/system/stats.</summary>
internal sealed class AutomationMetrics : IDisposable
{
    private readonly Meter _meter = new("NovaConsole.Automation");
    private readonly Counter<long> _evaluated, _fired, _dropped, _actionsOk, _actionsFailed, _notMet;
    private long _evaluatedTotal, _firedTotal, _droppedTotal, _actionsOkTotal, _actionsFailedTotal, _queueDropped, _notMetTotal;

    public AutomationMetrics()
    {
        _evaluated = _meter.CreateCounter<long>("automation.evaluated", description: "(rule, device) evaluations");
        _fired = _meter.CreateCounter<long>("automation.fired", description: "Rule firings");
        _dropped = _meter.CreateCounter<long>("automation.dropped", description: "Runs dropped (in flight, loop suspected, breaker) and messages not evaluated");
        _actionsOk = _meter.CreateCounter<long>("automation.actions.ok");
        _actionsFailed = _meter.CreateCounter<long>("automation.actions.failed");
        _notMet = _meter.CreateCounter<long>("automation.not_met", description: "Firings whose conditions were not met (no action ran)");
    }

    /// <summary>Set by the engine: how many work items wait for evaluation (the backlog gauge).</summary>
    public Func<int> Backlog { get; set; } = () => 0;

    public void ObserveBacklog() => _meter.CreateObservableGauge("automation.backlog", () => Backlog(), description: "Items waiting for evaluation");

    public void Evaluated(int count = 1) { Interlocked.Add(ref _evaluatedTotal, count); _evaluated.Add(count); }
    public void Fired() { Interlocked.Increment(ref _firedTotal); _fired.Add(1); }
    public void Dropped() { Interlocked.Increment(ref _droppedTotal); _dropped.Add(1); }
    public void QueueDropped(int count) { Interlocked.Add(ref _queueDropped, count); _dropped.Add(count); }
    public void NotMet() { Interlocked.Increment(ref _notMetTotal); _notMet.Add(1); }
    public void ActionOk() { Interlocked.Increment(ref _actionsOkTotal); _actionsOk.Add(1); }
    public void ActionFailed() { Interlocked.Increment(ref _actionsFailedTotal); _actionsFailed.Add(1); }

    public AutomationStats Snapshot() => new(Interlocked.Read(ref _evaluatedTotal), Interlocked.Read(ref _firedTotal), Interlocked.Read(ref _droppedTotal),
        Interlocked.Read(ref _actionsOkTotal), Interlocked.Read(ref _actionsFailedTotal), Interlocked.Read(ref _queueDropped), Backlog(), Interlocked.Read(ref _notMetTotal));

    public void Dispose() => _meter.Dispose();
}

/// <summary>Automation's part of /api/v1/system/stats.</summary>
internal sealed record AutomationStats(long Evaluated, long Fired, long RunsDropped, long ActionsOk, long ActionsFailed, long MessagesNotEvaluated, int Backlog, long ConditionsNotMet = 0);
