using System.Text.Json;
using System.Xml;

namespace NovaConsole.Automation;

/// <summary>
/// Reads a rule's JSON body (issue 13's shape) into a <see cref="RuleDefinition"/>, or says precisely what is wrong
/// (the path of the field and what it must be). Device existence is checked by <see cref="RuleService"/>.
/// </summary>
internal static partial class RuleParser
{
    public const int MaxActions = 20;
    public const int MaxNameLength = 100;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(30);

    public static RuleDefinition Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) throw new RuleInvalidException("The rule must be a JSON object.");
        var name = RequiredString(body, "name", "name");
        if (name.Length > MaxNameLength) throw new RuleInvalidException($"name: at most {MaxNameLength} characters.");
        var enabled = !body.TryGetProperty("enabled", out var e) || e.ValueKind != JsonValueKind.False;
        if (!body.TryGetProperty("trigger", out var trigger) || trigger.ValueKind != JsonValueKind.Object)
        {
            throw new RuleInvalidException("trigger: required, an object with a kind (threshold, changed, event, attribute, connection, noData, commandOutcome, schedule).");
        }
        var policy = new FiringPolicy(
            OptionalDuration(body, "cooldown", "cooldown") ?? TimeSpan.Zero,
            body.TryGetProperty("repeat", out var repeat) && repeat.ValueKind == JsonValueKind.Object ? RequiredDuration(repeat, "every", "repeat.every") : null,
            body.TryGetProperty("repeat", out repeat) && repeat.ValueKind == JsonValueKind.Object ? (int)RequiredNumber(repeat, "max", "repeat.max", 1, 1000) : 0,
            body.TryGetProperty("fireIfTrueWhenEnabled", out var f) && f.ValueKind == JsonValueKind.True);
        if (policy.RepeatEvery is { } every && every < TimeSpan.FromSeconds(1)) throw new RuleInvalidException("repeat.every: at least PT1S.");
        if (!body.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0)
        {
            throw new RuleInvalidException("actions: required, a non-empty array.");
        }
        if (actions.GetArrayLength() > MaxActions) throw new RuleInvalidException($"actions: at most {MaxActions}.");
        var parsed = actions.EnumerateArray().Select((a, i) => ParseAction(a, $"actions[{i}]")).ToList();
        var parsedTrigger = ParseTrigger(trigger);
        var zone = OptionalString(body, "timeZone", "timeZone") ?? (parsedTrigger as ScheduleTrigger)?.TimeZone ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)) throw new RuleInvalidException($"timeZone: '{Shorten(zone)}' is not a known IANA time zone (such as Europe/Berlin).");
        var conditions = body.TryGetProperty("conditions", out var c) && c.ValueKind != JsonValueKind.Null ? ParseConditions(c) : null;
        return new RuleDefinition(name, enabled, parsedTrigger, policy, parsed, conditions, zone);
    }

    private static RuleTrigger ParseTrigger(JsonElement t)
    {
        var scope = new RuleScope(OptionalString(t, "deviceId", "trigger.deviceId"), OptionalString(t, "tag", "trigger.tag"));
        if (scope.DeviceId is not null && scope.Tag is not null) throw new RuleInvalidException("trigger: give deviceId or tag, not both.");
        var kind = RequiredString(t, "kind", "trigger.kind");
        switch (kind)
        {
            case "threshold":
                var opText = RequiredString(t, "operator", "trigger.operator");
                if (!ThresholdCheck.TryParse(opText, out var op))
                {
                    throw new RuleInvalidException($"trigger.operator: one of > >= < <= == != between outside; not '{Shorten(opText)}'.");
                }
                double value;
                double? upper = null;
                if (op is ThresholdOperator.Between or ThresholdOperator.Outside)
                {
                    if (!t.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array || values.GetArrayLength() != 2
                        || values[0].ValueKind != JsonValueKind.Number || values[1].ValueKind != JsonValueKind.Number)
                    {
                        throw new RuleInvalidException($"trigger.values: {opText} needs two numbers, [low, high].");
                    }
                    (value, upper) = (values[0].GetDouble(), values[1].GetDouble());
                    if (upper < value) throw new RuleInvalidException("trigger.values: low must not be above high.");
                }
                else
                {
                    value = RequiredNumber(t, "value", "trigger.value", double.MinValue, double.MaxValue);
                }
                var deadband = t.TryGetProperty("deadband", out _) ? RequiredNumber(t, "deadband", "trigger.deadband", 0, double.MaxValue) : 0;
                if (deadband > 0 && op == ThresholdOperator.NotEqual) throw new RuleInvalidException("trigger.deadband: != takes no deadband.");
                if (op == ThresholdOperator.Outside && upper - value < 2 * deadband)
                {
                    throw new RuleInvalidException("trigger.deadband: outside needs high - low of at least twice the deadband, or it could never clear.");
                }
                return new ThresholdTrigger(scope, RequiredString(t, "key", "trigger.key"), op, value, upper, deadband,
                    OptionalDuration(t, "for", "trigger.for") ?? TimeSpan.Zero, OptionalDuration(t, "clearFor", "trigger.clearFor") ?? TimeSpan.Zero,
                    OptionalDuration(t, "maxAge", "trigger.maxAge"));
            case "changed":
                return new ChangedTrigger(scope, RequiredString(t, "key", "trigger.key"),
                    t.TryGetProperty("to", out _) ? RequiredNumber(t, "to", "trigger.to", double.MinValue, double.MaxValue) : null,
                    t.TryGetProperty("delta", out _) ? RequiredNumber(t, "delta", "trigger.delta", 0, double.MaxValue) : null);
            case "event":
                var matches = new Dictionary<string, string>(StringComparer.Ordinal);
                if (t.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in p.EnumerateObject()) matches[property.Name] = property.Value.ToString();
                }
                return new EventTrigger(scope, RequiredString(t, "method", "trigger.method"), matches);
            case "connection":
                var state = RequiredString(t, "state", "trigger.state");
                if (state is not ("offline" or "online")) throw new RuleInvalidException($"trigger.state: offline or online; not '{Shorten(state)}'.");
                return new ConnectionTrigger(scope, state == "online", OptionalDuration(t, "for", "trigger.for") ?? TimeSpan.Zero);
            case "noData":
                var duration = RequiredDuration(t, "for", "trigger.for");
                if (duration < TimeSpan.FromSeconds(1)) throw new RuleInvalidException("trigger.for: at least PT1S.");
                return new NoDataTrigger(scope, OptionalString(t, "key", "trigger.key"), duration);
            case "commandOutcome":
                var outcomes = new HashSet<string>(StringComparer.Ordinal);
                if (t.TryGetProperty("outcomes", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in list.EnumerateArray())
                    {
                        var word = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                        if (word is not ("failed" or "timed-out" or "responded-error"))
                        {
                            throw new RuleInvalidException("trigger.outcomes: failed, timed-out or responded-error.");
                        }
                        outcomes.Add(word);
                    }
                }
                if (outcomes.Count == 0) outcomes.UnionWith(["failed", "timed-out", "responded-error"]);
                return new CommandOutcomeTrigger(scope, outcomes, OptionalString(t, "name", "trigger.name"));
            case "schedule":
                var cron = RequiredString(t, "cron", "trigger.cron");
                try
                {
                    CronSchedule.Parse(cron);
                }
                catch (FormatException e)
                {
                    throw new RuleInvalidException($"trigger.cron: {e.Message}");
                }
                var zone = OptionalString(t, "timeZone", "trigger.timeZone") ?? "UTC";
                if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)) throw new RuleInvalidException($"trigger.timeZone: '{Shorten(zone)}' is not a known IANA time zone.");
                var missedText = OptionalString(t, "missed", "trigger.missed") ?? "skip";
                if (!Enum.TryParse<MissedRuns>(missedText, ignoreCase: true, out var missed) || !Enum.IsDefined(missed))
                {
                    throw new RuleInvalidException($"trigger.missed: skip, once or all; not '{Shorten(missedText)}'.");
                }
                var maxMissed = t.TryGetProperty("maxMissed", out _) ? (int)RequiredNumber(t, "maxMissed", "trigger.maxMissed", 1, 1000) : 10;
                return new ScheduleTrigger(scope, cron, zone, missed, maxMissed);
            case "attribute":
                var on = OptionalString(t, "on", "trigger.on") ?? "changed";
                if (on is not ("changed" or "reported")) throw new RuleInvalidException($"trigger.on: reported or changed; not '{Shorten(on)}'.");
                string? to = null;
                if (t.TryGetProperty("to", out var toValue) && toValue.ValueKind != JsonValueKind.Null)
                {
                    if (toValue.ValueKind is JsonValueKind.Object or JsonValueKind.Array) throw new RuleInvalidException("trigger.to: a string, number or boolean.");
                    to = AttributeTrigger.Text(toValue);
                }
                return new AttributeTrigger(scope, RequiredString(t, "key", "trigger.key"), on == "changed", to);
            default:
                throw new RuleInvalidException($"trigger.kind: threshold, changed, event, attribute, connection, noData, commandOutcome or schedule; not '{Shorten(kind)}'.");
        }
    }

    private static RuleAction ParseAction(JsonElement a, string path)
    {
        if (a.ValueKind != JsonValueKind.Object) throw new RuleInvalidException($"{path}: an object with a kind.");
        var kindText = RequiredString(a, "kind", $"{path}.kind");
        var kind = kindText switch
        {
            "command" => RuleActionKind.Command,
            "control" => RuleActionKind.Control,
            "attributes.set" => RuleActionKind.AttributesSet,
            "attributes.get" => RuleActionKind.AttributesGet,
            "alarm.raise" => RuleActionKind.RaiseAlarm,
            "alarm.clear" => RuleActionKind.ClearAlarm,
            "webhook" => RuleActionKind.Webhook,
            "delay" => RuleActionKind.Delay,
            _ => throw new RuleInvalidException(
                $"{path}.kind: command, control, attributes.set, attributes.get, alarm.raise, alarm.clear, webhook or delay; not '{Shorten(kindText)}'."),
        };
        var targetText = OptionalString(a, "target", $"{path}.target") ?? "trigger-device";
        var target = targetText switch
        {
            "trigger-device" => ActionTarget.TriggerDevice,
            _ when targetText.StartsWith("device:", StringComparison.Ordinal) && targetText.Length > 7 => new ActionTarget(targetText[7..], null),
            _ when targetText.StartsWith("tag:", StringComparison.Ordinal) && targetText.Length > 4 => new ActionTarget(null, targetText[4..]),
            _ => throw new RuleInvalidException($"{path}.target: trigger-device, device:<id> or tag:<tag>; not '{Shorten(targetText)}'."),
        };
        JsonElement? parameters = a.TryGetProperty("params", out var p) && p.ValueKind != JsonValueKind.Null ? p.Clone() : null;
        var wait = a.TryGetProperty("wait", out var w) && w.ValueKind == JsonValueKind.True;
        switch (kind)
        {
            case RuleActionKind.Command:
                return new RuleAction(kind, target, RequiredString(a, "name", $"{path}.name"), parameters, wait);
            case RuleActionKind.Control or RuleActionKind.AttributesSet:
                if (parameters is not { ValueKind: JsonValueKind.Object }) throw new RuleInvalidException($"{path}.params: required, an object.");
                return new RuleAction(kind, target, null, parameters, wait);
            case RuleActionKind.AttributesGet:
                return new RuleAction(kind, target, null, parameters, wait);
            case RuleActionKind.RaiseAlarm or RuleActionKind.ClearAlarm:
                var severityText = OptionalString(a, "severity", $"{path}.severity") ?? "major";
                if (!Enum.TryParse<AlarmSeverity>(severityText, ignoreCase: true, out var severity) || !Enum.IsDefined(severity))
                {
                    throw new RuleInvalidException($"{path}.severity: critical, major, minor or warning; not '{Shorten(severityText)}'.");
                }
                return new RuleAction(kind, target, OptionalString(a, "message", $"{path}.message"), AlarmType: RequiredString(a, "type", $"{path}.type"), Severity: severity);
            case RuleActionKind.Webhook:
                var url = RequiredString(a, "url", $"{path}.url");
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    throw new RuleInvalidException($"{path}.url: an absolute http or https URL.");
                }
                return new RuleAction(kind, target, null, parameters, Url: url, Secret: OptionalString(a, "secret", $"{path}.secret"));
            default:
                var duration = RequiredDuration(a, "duration", $"{path}.duration");
                if (duration > TimeSpan.FromHours(1)) throw new RuleInvalidException($"{path}.duration: at most PT1H.");
                return new RuleAction(kind, target, Duration: duration);
        }
    }

    private static string RequiredString(JsonElement e, string name, string path) =>
        OptionalString(e, name, path) ?? throw new RuleInvalidException($"{path}: required.");

    private static string? OptionalString(JsonElement e, string name, string path)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw new RuleInvalidException($"{path}: must be a string.");
        var text = v.GetString()!.Trim();
        if (text.Length == 0) return null;
        if (text.Length > 2048) throw new RuleInvalidException($"{path}: too long.");
        return text;
    }

    private static double RequiredNumber(JsonElement e, string name, string path, double min, double max)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            throw new RuleInvalidException($"{path}: required, a number.");
        }
        if (number < min || number > max) throw new RuleInvalidException($"{path}: between {min} and {max}.");
        return number;
    }

    private static TimeSpan RequiredDuration(JsonElement e, string name, string path) =>
        OptionalDuration(e, name, path) ?? throw new RuleInvalidException($"{path}: required, an ISO 8601 duration such as PT30S.");

    /// <summary>ISO 8601 durations (PT30S, PT5M, P1D), 0 to 30 days.</summary>
    private static TimeSpan? OptionalDuration(JsonElement e, string name, string path)
    {
        var text = OptionalString(e, name, path);
        if (text is null) return null;
        TimeSpan value;
        try
        {
            value = XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            throw new RuleInvalidException($"{path}: '{Shorten(text)}' is not an ISO 8601 duration (such as PT30S, PT5M, P1D).");
        }
        if (value < TimeSpan.Zero || value > MaxDuration) throw new RuleInvalidException($"{path}: between PT0S and P30D.");
        return value;
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

/// <summary>A rule body that cannot be used, with the reason for a ProblemDetails.</summary>
internal sealed class RuleInvalidException(string message) : Exception(message);
