using System.Globalization;

namespace NovaConsole.Automation;

/// <summary>
/// Checks a condition tree against gathered facts at an instant, in three-valued logic: all is false if any item is
/// false, else unknown if any is unknown; any is true if any item is true, else unknown if any is unknown; not keeps
/// unknown unknown (a value too old to trust makes neither "hot" nor "not hot" true).
/// </summary>
internal static class ConditionCheck
{
    public static ConditionOutcome Evaluate(RuleCondition? condition, IConditionFacts facts, DateTimeOffset now, TimeZoneInfo zone, string triggerDevice)
    {
        if (condition is null) return ConditionOutcome.None;
        var results = new List<ConditionResult>();
        var verdict = Check(condition, facts, now, zone, triggerDevice, "conditions", results);
        return new ConditionOutcome(verdict == true, results);
    }

    private static bool? Check(RuleCondition condition, IConditionFacts facts, DateTimeOffset now, TimeZoneInfo zone, string device, string path, List<ConditionResult> results)
    {
        bool? verdict;
        string? detail = null;
        switch (condition)
        {
            case ConditionGroup group:
                var index = results.Count;
                var items = group.Items.Select((item, i) => Check(item, facts, now, zone, device, $"{path}.{Word(group.Kind)}[{i}]", results)).ToList();
                verdict = group.Kind switch
                {
                    ConditionGroupKind.All => items.Contains(false) ? false : items.Contains(null) ? null : true,
                    ConditionGroupKind.Any => items.Contains(true) ? true : items.Contains(null) ? null : false,
                    _ => !items[0],
                };
                results.Insert(index, new ConditionResult(path, Word(group.Kind), Text(verdict)));
                return verdict;
            case TimeWindowCondition window:
                var local = TimeZoneInfo.ConvertTime(now, zone);
                verdict = InWindow(window, local.DateTime);
                detail = $"local time {local:ddd HH:mm} ({zone.Id})";
                break;
            case ValueCondition value:
                var id = value.DeviceId ?? device;
                var latest = id.Length == 0 ? null : facts.Latest(id, value.Key);
                if (latest is not { } fact) (verdict, detail) = (null, "no value");
                else if (fact.Number is not { } number) (verdict, detail) = (null, "not a number");
                else if (value.MaxAge is { } maxAge && now - fact.At > maxAge) (verdict, detail) = (null, $"{number.ToString(CultureInfo.InvariantCulture)} is {(now - fact.At).TotalSeconds:0} s old");
                else (verdict, detail) = (Holds(value, number), number.ToString(CultureInfo.InvariantCulture));
                break;
            case OnlineCondition online:
                var onlineDevice = online.DeviceId ?? device;
                verdict = onlineDevice.Length == 0 ? null : facts.IsOnline(onlineDevice) == online.Online;
                break;
            case AlarmActiveCondition alarm:
                var alarmDevice = alarm.DeviceId ?? device;
                verdict = alarmDevice.Length == 0 ? null : facts.AlarmActive(alarmDevice, alarm.Type);
                break;
            default:
                throw new InvalidOperationException($"Unknown condition {condition.GetType().Name}.");
        }
        results.Add(new ConditionResult(path, Describe(condition), Text(verdict), detail));
        return verdict;
    }

    /// <summary>Whether a local wall-clock time is inside the window (across midnight: the part after midnight belongs to the day before).</summary>
    public static bool InWindow(TimeWindowCondition window, DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        if (window.From is not { } from || window.To is not { } to) return window.Days.Contains(local.DayOfWeek);
        if (from < to) return window.Days.Contains(local.DayOfWeek) && time >= from && time < to;
        return (window.Days.Contains(local.DayOfWeek) && time >= from) || (window.Days.Contains(local.AddDays(-1).DayOfWeek) && time < to);
    }

    private static bool Holds(ValueCondition c, double value)
    {
        var (a, b) = (c.Value, c.Upper ?? c.Value);
        return c.Operator switch
        {
            ThresholdOperator.Greater => value > a,
            ThresholdOperator.GreaterOrEqual => value >= a,
            ThresholdOperator.Less => value < a,
            ThresholdOperator.LessOrEqual => value <= a,
            ThresholdOperator.Equal => value == a,
            ThresholdOperator.NotEqual => value != a,
            ThresholdOperator.Between => value >= a && value <= b,
            _ => value < a || value > b,
        };
    }

    public static string Word(ConditionGroupKind kind) => kind switch
    {
        ConditionGroupKind.All => "all",
        ConditionGroupKind.Any => "any",
        _ => "not",
    };

    private static string Text(bool? verdict) => verdict switch
    {
        true => "true",
        false => "false",
        null => "unknown",
    };

    /// <summary>A condition in a line, for runs and the editor.</summary>
    public static string Describe(RuleCondition condition) => condition switch
    {
        ConditionGroup g => Word(g.Kind),
        TimeWindowCondition w => $"time {string.Join(",", w.Days.Order().Select(d => d.ToString()[..3].ToLowerInvariant()))}"
            + (w.From is { } f && w.To is { } t ? $" {f:HH\\:mm}-{t:HH\\:mm}" : " all day"),
        ValueCondition v => $"{v.DeviceId ?? "trigger-device"}.{v.Key} {ThresholdCheck.Symbol(v.Operator)} "
            + (v.Upper is { } u ? $"[{v.Value.ToString(CultureInfo.InvariantCulture)}, {u.ToString(CultureInfo.InvariantCulture)}]" : v.Value.ToString(CultureInfo.InvariantCulture))
            + (v.MaxAge is { } m ? $" (max age {m})" : ""),
        OnlineCondition o => $"{o.DeviceId ?? "trigger-device"} {(o.Online ? "online" : "offline")}",
        AlarmActiveCondition a => $"{a.DeviceId ?? "trigger-device"} alarm {a.Type ?? "(any type)"} active",
        _ => condition.GetType().Name,
    };

    /// <summary>Every device a condition tree names (null entries stand for the triggering device).</summary>
    public static IEnumerable<RuleCondition> Leaves(RuleCondition? condition) => condition switch
    {
        null => [],
        ConditionGroup g => g.Items.SelectMany(Leaves),
        _ => [condition],
    };
}
