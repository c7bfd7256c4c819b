namespace NovaConsole.Automation;

/// <summary>
/// The rule state machine, pure and clock-driven: every step takes the current state and "now" and returns the next
/// state, so the live evaluator, a restart and a backtest on a virtual clock run exactly the same code.
/// </summary>
/// <remarks>
/// Normative semantics (issue 13): a rule fires on the transition into active, never again while it stays active;
/// it re-arms only when the value passes back through the deadband and stays there for <c>clearFor</c>; <c>for</c> is
/// a timer (<see cref="Tick"/> fires it with no new message); an unknown value neither arms nor fires, and the first
/// value after a start is only a baseline unless the rule says "fire if already true when enabled".
/// </remarks>
internal sealed class RuleMachine(RuleTrigger trigger, FiringPolicy policy)
{
    public RuleTrigger Trigger { get; } = trigger;

    public FiringPolicy Policy { get; } = policy;

    private TimeSpan For => Trigger switch
    {
        ThresholdTrigger t => t.For,
        ConnectionTrigger c => c.For,
        _ => TimeSpan.Zero,
    };

    private TimeSpan ClearFor => Trigger is ThresholdTrigger t ? t.ClearFor : TimeSpan.Zero;

    /// <summary>The state of a pair that starts being evaluated now (enabled, created, or first seen).</summary>
    public RuleState Start(DateTimeOffset now) =>
        Trigger is NoDataTrigger ? Seen(RuleState.Initial(now) with { Phase = RulePhase.Idle }, now).State : RuleState.Initial(now);

    /// <summary>One reading of the trigger's key (null: present but not a number), whatever the trigger's kind.</summary>
    public RuleStep Observe(RuleState state, double? value, DateTimeOffset measuredAt, DateTimeOffset now) => Trigger switch
    {
        ThresholdTrigger => Reading(state, value, measuredAt, now),
        ChangedTrigger => Change(state, value, now),
        NoDataTrigger => Seen(state, now),
        _ => new(state),
    };

    /// <summary>A numeric reading for a threshold trigger; <paramref name="measuredAt"/> older than the trigger's maximum age makes it unknown.</summary>
    public RuleStep Reading(RuleState state, double? value, DateTimeOffset measuredAt, DateTimeOffset now)
    {
        if (Trigger is not ThresholdTrigger t) throw new InvalidOperationException("Not a threshold trigger.");
        var verdict = value is not { } v || (t.MaxAge is { } maxAge && now - measuredAt > maxAge) ? Verdict.Unknown : ThresholdCheck.Classify(t, v);
        var step = Level(state, verdict, value, now);
        return verdict == Verdict.Unknown ? step : step with { State = step.State with { LastValue = value } };
    }

    /// <summary>The device's online state changed (or is known at start), for a connection trigger.</summary>
    public RuleStep Presence(RuleState state, bool online, DateTimeOffset now) =>
        Level(state, online == ((ConnectionTrigger)Trigger).Online ? Verdict.True : Verdict.Clear, online ? 1 : 0, now);

    /// <summary>The level logic shared by threshold and connection triggers.</summary>
    public RuleStep Level(RuleState state, Verdict verdict, double? value, DateTimeOffset now)
    {
        switch (state.Phase)
        {
            case RulePhase.Unknown:
                if (verdict == Verdict.Unknown) return new(state);
                if (verdict != Verdict.True) return new(state with { Phase = RulePhase.Idle, Since = now, DueAt = null });
                // Already true when first seen: a baseline, not a crossing, unless the rule asks otherwise.
                return Policy.FireIfTrueWhenEnabled
                    ? Arm(state with { Phase = RulePhase.Idle }, value, now, FireReason.AlreadyTrue)
                    : new(state with { Phase = RulePhase.Active, Since = now, DueAt = null, Repeats = 0 });
            case RulePhase.Idle:
                return verdict == Verdict.True ? Arm(state, value, now, FireReason.Crossed) : new(state);
            case RulePhase.Arming:
                // The predicate must hold without a break for the whole of `for`: anything else cancels the timer.
                return verdict == Verdict.True ? new(state) : new(state with { Phase = RulePhase.Idle, Since = now, DueAt = null });
            case RulePhase.Active:
                if (verdict != Verdict.Clear) return new(state);
                if (ClearFor <= TimeSpan.Zero) return new(state with { Phase = RulePhase.Idle, Since = now, DueAt = null });
                return new(state with { Phase = RulePhase.Clearing, Since = now, DueAt = now + ClearFor });
            default: // Clearing
                return verdict == Verdict.Clear ? new(state) : new(state with { Phase = RulePhase.Active, DueAt = RepeatDue(state) });
        }
    }

    private RuleStep Arm(RuleState state, double? value, DateTimeOffset now, FireReason reason)
    {
        if (For <= TimeSpan.Zero) return Fire(state, now, reason, value);
        return new(state with { Phase = RulePhase.Arming, Since = now, DueAt = now + For });
    }

    /// <summary>Runs the timer if it is due at <paramref name="now"/>: the end of <c>for</c> fires, the end of <c>clearFor</c> re-arms, a repeat fires again.</summary>
    public RuleStep Tick(RuleState state, DateTimeOffset now)
    {
        if (state.DueAt is not { } due || due > now) return new(state);
        return state.Phase switch
        {
            RulePhase.Arming => Fire(state, due, FireReason.Crossed, state.LastValue),
            RulePhase.Clearing => new(state with { Phase = RulePhase.Idle, Since = due, DueAt = null }),
            RulePhase.Active when Policy.RepeatEvery is not null =>
                new(state with { Repeats = state.Repeats + 1, FiredAt = due, DueAt = RepeatDue(state with { Repeats = state.Repeats + 1, FiredAt = due }) },
                    new Firing(due, FireReason.Repeat, state.LastValue)),
            RulePhase.Idle when Trigger is NoDataTrigger => Fire(state, due, FireReason.NoData, null),
            _ => new(state with { DueAt = null }),
        };
    }

    /// <summary>Something arrived, for a no-data trigger: the silence ends (an active rule re-arms) and the deadline moves.</summary>
    public RuleStep Seen(RuleState state, DateTimeOffset now)
    {
        var duration = ((NoDataTrigger)Trigger).Duration;
        return new(state with { Phase = RulePhase.Idle, Since = state.Phase == RulePhase.Idle ? state.Since : now, DueAt = now + duration, Repeats = 0 });
    }

    /// <summary>A numeric reading for a changed trigger: the first known value is the baseline; after that every qualifying change fires.</summary>
    public RuleStep Change(RuleState state, double? value, DateTimeOffset now)
    {
        var t = (ChangedTrigger)Trigger;
        if (value is not { } v || !double.IsFinite(v)) return new(state);
        if (state.Phase == RulePhase.Unknown) return new(state with { Phase = RulePhase.Idle, Since = now, LastValue = v, Reference = v });
        var previous = state.LastValue;
        var next = state with { LastValue = v };
        if (previous == v) return new(next);
        if (t.To is { } to && v != to) return new(next);
        if (t.Delta is { } delta && Math.Abs(v - (state.Reference ?? v)) < delta) return new(next);
        var step = Pulse(next, now, FireReason.Changed, v);
        return step.Fired is null ? step : step with { State = step.State with { Reference = v } };
    }

    /// <summary>A momentary trigger (an event, a change) occurred: it fires unless the cooldown holds it back.</summary>
    public RuleStep Pulse(RuleState state, DateTimeOffset now, FireReason reason, double? value)
    {
        if (InCooldown(state, now)) return new(state, null, SuppressedByCooldown: true);
        return new(state with { Phase = RulePhase.Idle, FiredAt = now, Since = now }, new Firing(now, reason, value));
    }

    /// <summary>
    /// After a restart: an idle pair forgets its baseline (the first value after a restart is unknown); a pending
    /// <c>for</c> whose deadline passed fires once, now, only if <paramref name="latest"/> (the latest stored value) still
    /// qualifies; one whose deadline is still ahead keeps its timer only if it does. Active and clearing pairs stay.
    /// </summary>
    public RuleStep Restore(RuleState state, Verdict latest, DateTimeOffset now)
    {
        if (Trigger is NoDataTrigger) return state.Phase == RulePhase.Active ? new(state) : Seen(state with { Phase = RulePhase.Idle }, now);
        return state.Phase switch
        {
            RulePhase.Idle when Trigger is ChangedTrigger or EventTrigger => new(state with { Phase = RulePhase.Unknown }),
            RulePhase.Idle => new(state with { Phase = RulePhase.Unknown, DueAt = null }),
            RulePhase.Arming when latest != Verdict.True => new(state with { Phase = RulePhase.Unknown, DueAt = null }),
            RulePhase.Arming when state.DueAt <= now => Fire(state, now, FireReason.DeadlineAtStart, state.LastValue),
            _ => new(state),
        };
    }

    private RuleStep Fire(RuleState state, DateTimeOffset at, FireReason reason, double? value)
    {
        if (InCooldown(state, at))
        {
            // Still a transition into active, so it must clear before it can fire again; it just sends nothing.
            return new(state with { Phase = RulePhase.Active, Since = at, DueAt = null, Repeats = 0 }, null, SuppressedByCooldown: true);
        }
        var fired = state with { Phase = RulePhase.Active, Since = at, FiredAt = at, Repeats = 0 };
        return new(fired with { DueAt = RepeatDue(fired) }, new Firing(at, reason, value));
    }

    private bool InCooldown(RuleState state, DateTimeOffset at) =>
        Policy.Cooldown > TimeSpan.Zero && state.FiredAt is { } last && at - last < Policy.Cooldown;

    private DateTimeOffset? RepeatDue(RuleState state) =>
        Policy.RepeatEvery is { } every && state.Repeats < Policy.RepeatMax && state.FiredAt is { } last ? last + every : null;
}
