namespace NovaConsole.Automation;

/// <summary>The comparison of a threshold trigger (issue 13: <c>&gt; &gt;= &lt; &lt;= == != between outside</c>).</summary>
internal enum ThresholdOperator { Greater, GreaterOrEqual, Less, LessOrEqual, Equal, NotEqual, Between, Outside }

/// <summary>Which devices a rule watches: one device, every device with a tag, or every device.</summary>
internal sealed record RuleScope(string? DeviceId, string? Tag)
{
    public static readonly RuleScope Everything = new(null, null);
}

/// <summary>One trigger per rule; state is kept per (rule, device).</summary>
internal abstract record RuleTrigger(RuleScope Scope)
{
    /// <summary>The telemetry key the trigger reads, if it reads one.</summary>
    public virtual string? Key => null;
}

/// <summary>A level: active while the value satisfies the operator, re-armed only once it passes back through the deadband.</summary>
internal sealed record ThresholdTrigger(
    RuleScope Scope, string ValueKey, ThresholdOperator Operator, double Value, double? Upper, double Deadband,
    TimeSpan For, TimeSpan ClearFor, TimeSpan? MaxAge) : RuleTrigger(Scope)
{
    public override string? Key => ValueKey;
}

/// <summary>Fires on each change of a key: any change, a change to one value, or a move of at least a delta since it last fired.</summary>
internal sealed record ChangedTrigger(RuleScope Scope, string ValueKey, double? To, double? Delta) : RuleTrigger(Scope)
{
    public override string? Key => ValueKey;
}

/// <summary>Fires on each event a device reports (ThingsPanel events, seed 000 §4.1.3) with this method and matching params.</summary>
internal sealed record EventTrigger(RuleScope Scope, string Method, IReadOnlyDictionary<string, string> ParamMatches) : RuleTrigger(Scope);

/// <summary>
/// Fires when a device reports an attribute (ThingsPanel attributes, seed 000 §4.1.2): every report of the key
/// (<see cref="OnChange"/> false) or only one that changes its stored value (a first report sets it, without firing);
/// with <see cref="To"/>, only when the new value is that one.
/// </summary>
internal sealed record AttributeTrigger(RuleScope Scope, string AttributeKey, bool OnChange, string? To) : RuleTrigger(Scope)
{
    /// <summary>A JSON value as compared: a string's text, otherwise its JSON.</summary>
    public static string Text(System.Text.Json.JsonElement value) =>
        value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString()! : value.GetRawText();
}

/// <summary>Active while the device is (Online) or is not online, after <see cref="For"/>.</summary>
internal sealed record ConnectionTrigger(RuleScope Scope, bool Online, TimeSpan For) : RuleTrigger(Scope);

/// <summary>Active once a key (or, with no key, anything) has not arrived for <see cref="Duration"/>.</summary>
internal sealed record NoDataTrigger(RuleScope Scope, string? ValueKey, TimeSpan Duration) : RuleTrigger(Scope)
{
    public override string? Key => ValueKey;
}

/// <summary>Fires when a command to a device in scope ends with one of <see cref="Outcomes"/> (failed, timed-out, responded-error), optionally only commands of one name.</summary>
internal sealed record CommandOutcomeTrigger(RuleScope Scope, IReadOnlySet<string> Outcomes, string? CommandName) : RuleTrigger(Scope);

/// <summary>What a schedule does with occurrences it missed while the process was down.</summary>
internal enum MissedRuns { Skip, Once, All }

/// <summary>Fires at the times of a cron expression read in an IANA time zone; <see cref="MaxMissed"/> bounds <see cref="MissedRuns.All"/>.</summary>
internal sealed record ScheduleTrigger(RuleScope Scope, string Cron, string TimeZone, MissedRuns Missed, int MaxMissed) : RuleTrigger(Scope);

/// <summary>How often and how soon a rule may fire again, and whether a value already true when it starts counts.</summary>
internal sealed record FiringPolicy(TimeSpan Cooldown, TimeSpan? RepeatEvery, int RepeatMax, bool FireIfTrueWhenEnabled)
{
    public static readonly FiringPolicy Default = new(TimeSpan.Zero, null, 0, false);
}

internal enum RuleActionKind { Command, Control, AttributesSet, AttributesGet, RaiseAlarm, ClearAlarm, Webhook, Delay }

/// <summary>Where an action goes: the device that triggered the run, a fixed device, or every device with a tag.</summary>
internal sealed record ActionTarget(string? DeviceId, string? Tag)
{
    public static readonly ActionTarget TriggerDevice = new(null, null);

    public override string ToString() => DeviceId is { } d ? $"device:{d}" : Tag is { } t ? $"tag:{t}" : "trigger-device";
}

/// <summary>
/// One step of a rule's actions, run in order. Commands go through the same dispatch as manual ones; with
/// <see cref="Wait"/> the step waits for the device's answer (an error, a timeout or "offline" fail the step).
/// </summary>
internal sealed record RuleAction(
    RuleActionKind Kind,
    ActionTarget Target,
    string? Name = null,
    System.Text.Json.JsonElement? Params = null,
    bool Wait = false,
    string? AlarmType = null,
    AlarmSeverity Severity = AlarmSeverity.Major,
    string? Url = null,
    string? Secret = null,
    TimeSpan Duration = default);

internal enum AlarmSeverity { Critical, Major, Minor, Warning }

/// <summary>A rule as checked from its JSON body; <see cref="TimeZone"/> (IANA) is where its time-window conditions are read.</summary>
internal sealed record RuleDefinition(string Name, bool Enabled, RuleTrigger Trigger, FiringPolicy Policy, IReadOnlyList<RuleAction> Actions,
    RuleCondition? Conditions = null, string TimeZone = "UTC");
