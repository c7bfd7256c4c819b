namespace NovaConsole.Automation;

/// <summary>One row of automation_rules (schema step 50): the rule's JSON body as checked, and why the breaker disabled it.</summary>
internal sealed class RuleRecord
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public bool Enabled { get; set; }
    public string BodyJson { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public string? DisabledReason { get; set; }
    /// <summary>Moves on at every change of the body, so states of an older version are not trusted.</summary>
    public int Revision { get; set; }
}

/// <summary>One row of automation_rule_states (step 51): a (rule, device) pair's <see cref="RuleState"/>, written on transitions.</summary>
internal sealed class RuleStateRecord
{
    public long RuleId { get; set; }
    public string DeviceId { get; set; } = "";
    public int Revision { get; set; }
    public int Phase { get; set; }
    public DateTime SinceUtc { get; set; }
    public DateTime? FiredAtUtc { get; set; }
    public DateTime? DueAtUtc { get; set; }
    public int Repeats { get; set; }
    public double? LastValue { get; set; }
    public double? Reference { get; set; }

    public RuleState ToState() => new((RulePhase)Phase, Utc(SinceUtc), FiredAtUtc is { } f ? Utc(f) : null, DueAtUtc is { } d ? Utc(d) : null,
        Repeats, LastValue, Reference);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>One row of automation_runs (step 52): a firing, what it did step by step, and how it ended.</summary>
internal sealed class RuleRunRecord
{
    public long Id { get; set; }
    public long RuleId { get; set; }
    public string DeviceId { get; set; } = "";
    public string Reason { get; set; } = "";
    public double? TriggerValue { get; set; }
    public DateTime FiredAtUtc { get; set; }
    public int Depth { get; set; }
    public string Status { get; set; } = "";
    public string? Detail { get; set; }
    public string StepsJson { get; set; } = "[]";
    public DateTime? FinishedUtc { get; set; }
    /// <summary>Each condition's result when the run fired (step 110); null for a rule without conditions.</summary>
    public string? ConditionsJson { get; set; }
}

/// <summary>One row of automation_delays (step 111): a run waiting in a delay action, resumed at <see cref="DueUtc"/> (also after a restart).</summary>
internal sealed class RuleDelayRecord
{
    public long RunId { get; set; }
    public long RuleId { get; set; }
    public int Revision { get; set; }
    public string DeviceId { get; set; } = "";
    public int NextAction { get; set; }
    public DateTime DueUtc { get; set; }
    public int Depth { get; set; }
    public string StepsJson { get; set; } = "[]";
}

/// <summary>One row of alarms (step 53): unique per (device, type) while active.</summary>
internal sealed class AlarmRecord
{
    public long Id { get; set; }
    public string DeviceId { get; set; } = "";
    public string Type { get; set; } = "";
    public string Severity { get; set; } = "";
    public bool Active { get; set; }
    public bool Acknowledged { get; set; }
    public string? Message { get; set; }
    public DateTime RaisedUtc { get; set; }
    public DateTime? ClearedUtc { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTime? AcknowledgedUtc { get; set; }
    public string? Comment { get; set; }
    public long? RuleId { get; set; }
    public long? RunId { get; set; }
}
