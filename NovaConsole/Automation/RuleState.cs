namespace NovaConsole.Automation;

/// <summary>
/// Where a (rule, device) pair is. Unknown: no trustworthy value yet (just enabled, or just restarted), so the first
/// value sets a baseline instead of firing. Idle: armed. Arming: the predicate holds and the <c>for</c> timer runs.
/// Active: fired (or found already true), waiting to clear. Clearing: back beyond the deadband, the <c>clearFor</c> timer runs.
/// </summary>
internal enum RulePhase { Unknown = 0, Idle = 1, Arming = 2, Active = 3, Clearing = 4 }

/// <summary>
/// The state of one (rule, device) pair, immutable: each step returns a new one, and the runtime stores it when
/// <see cref="Phase"/>, <see cref="FiredAt"/> or the timer change (not per message).
/// </summary>
/// <param name="Since">When the current phase began.</param>
/// <param name="DueAt">The pending timer: the end of <c>for</c> (Arming), of <c>clearFor</c> (Clearing), the next repeat (Active), the no-data deadline (Idle).</param>
/// <param name="Repeats">Repeats fired in the current active period.</param>
/// <param name="LastValue">The last known number (for changed triggers, and shown in the state).</param>
/// <param name="Reference">The value at the last firing or baseline (a changed trigger's delta is measured from it).</param>
internal sealed record RuleState(
    RulePhase Phase,
    DateTimeOffset Since,
    DateTimeOffset? FiredAt = null,
    DateTimeOffset? DueAt = null,
    int Repeats = 0,
    double? LastValue = null,
    double? Reference = null)
{
    public static RuleState Initial(DateTimeOffset now) => new(RulePhase.Unknown, now);

    /// <summary>Whether storing is due: anything but the last value changed.</summary>
    public bool DiffersDurablyFrom(RuleState? other) =>
        other is null || Phase != other.Phase || FiredAt != other.FiredAt || DueAt != other.DueAt || Repeats != other.Repeats || Since != other.Since;
}

/// <summary>Why a step fired: a transition, a repeat while active, or a <c>for</c> whose deadline passed while the process was down.</summary>
internal enum FireReason { Crossed, Repeat, AlreadyTrue, DeadlineAtStart, Changed, Event, NoData, Schedule, MissedSchedule, CommandOutcome, Attribute }

/// <summary>A firing: when (the virtual or real instant the predicate completed), why, and the value that did it.</summary>
internal sealed record Firing(DateTimeOffset At, FireReason Reason, double? Value);

/// <summary>The outcome of one step: the new state, a firing if any, and a firing held back by the cooldown.</summary>
internal readonly record struct RuleStep(RuleState State, Firing? Fired = null, bool SuppressedByCooldown = false);
