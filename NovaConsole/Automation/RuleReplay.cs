namespace NovaConsole.Automation;

/// <summary>A reading of a rule's key at an instant; a null value is present but not a number.</summary>
internal readonly record struct ReplayPoint(DateTimeOffset At, double? Value);

/// <summary>
/// Drives a <see cref="RuleMachine"/> over stored readings on a virtual clock: timers due before a reading run first,
/// at their own instant, exactly as the live evaluator's timers would. The backtest and the tests both use it.
/// </summary>
internal static class RuleReplay
{
    public static List<Firing> Run(RuleMachine machine, IEnumerable<ReplayPoint> points, DateTimeOffset from, DateTimeOffset to, int maxFirings = 10_000)
    {
        var firings = new List<Firing>();
        var state = machine.Start(from);
        foreach (var point in points)
        {
            if (point.At < from || point.At > to) continue;
            state = AdvanceTo(machine, state, point.At, firings);
            var step = machine.Observe(state, point.Value, point.At, point.At);
            state = step.State;
            if (step.Fired is { } fired) firings.Add(fired);
            if (firings.Count >= maxFirings) return firings;
        }
        AdvanceTo(machine, state, to, firings);
        return firings;
    }

    /// <summary>Runs every timer due at or before <paramref name="now"/>, in order.</summary>
    public static RuleState AdvanceTo(RuleMachine machine, RuleState state, DateTimeOffset now, List<Firing>? firings = null)
    {
        while (state.DueAt is { } due && due <= now)
        {
            var step = machine.Tick(state, due);
            if (step.Fired is { } fired) firings?.Add(fired);
            if (step.State == state) break;
            state = step.State;
        }
        return state;
    }
}
