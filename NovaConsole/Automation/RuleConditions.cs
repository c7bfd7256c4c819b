namespace NovaConsole.Automation;

/// <summary>
/// A rule's conditions (issue 13): checked when the trigger fires, before any action. A group (all / any / not) holds
/// conditions, and at most one more level of groups below it. Each condition is true, false or unknown (a value that is
/// missing, not a number or too old); only true lets the run act, so unknown counts as false.
/// </summary>
internal abstract record RuleCondition;

internal enum ConditionGroupKind { All, Any, Not }

/// <summary>all: every item; any: at least one; not: its one item is false.</summary>
internal sealed record ConditionGroup(ConditionGroupKind Kind, IReadOnlyList<RuleCondition> Items) : RuleCondition;

/// <summary>
/// Local time in the rule's time zone within [From, To) on one of <see cref="Days"/>. A window with To before From
/// runs across midnight and belongs to the day it starts on (Fri 22:00-06:00 covers Friday night to Saturday 06:00).
/// No From/To: the whole of each day.
/// </summary>
internal sealed record TimeWindowCondition(IReadOnlySet<DayOfWeek> Days, TimeOnly? From, TimeOnly? To) : RuleCondition;

/// <summary>The latest value of a key of a device (null: the triggering device) compared like a threshold, no older than MaxAge.</summary>
internal sealed record ValueCondition(string? DeviceId, string Key, ThresholdOperator Operator, double Value, double? Upper, TimeSpan? MaxAge) : RuleCondition;

/// <summary>A device (null: the triggering device) is online (or, with Online false, is not).</summary>
internal sealed record OnlineCondition(string? DeviceId, bool Online) : RuleCondition;

/// <summary>A device (null: the triggering device) has an active alarm (of <see cref="Type"/>, or of any type).</summary>
internal sealed record AlarmActiveCondition(string? DeviceId, string? Type) : RuleCondition;

/// <summary>A device's latest value of a key: Number null means present but not a number.</summary>
internal readonly record struct FactValue(double? Number, DateTimeOffset At);

/// <summary>What conditions read about the world, gathered before they are checked (so the check itself is pure).</summary>
internal interface IConditionFacts
{
    FactValue? Latest(string deviceId, string key);

    bool IsOnline(string deviceId);

    bool AlarmActive(string deviceId, string? type);
}

/// <summary>One condition's result as a run or "try it" shows it: where it is in the tree, what it says, true/false/unknown.</summary>
internal sealed record ConditionResult(string Path, string Condition, string Result, string? Detail = null);

/// <summary>The conditions' verdict: met only when the whole tree is true.</summary>
internal sealed record ConditionOutcome(bool Met, IReadOnlyList<ConditionResult> Results)
{
    public static readonly ConditionOutcome None = new(true, []);
}
