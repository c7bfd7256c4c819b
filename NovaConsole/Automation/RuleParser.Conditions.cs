using System.Globalization;
using System.Text.Json;

namespace NovaConsole.Automation;

/// <summary>
/// A rule's <c>conditions</c>: a group <c>{"all": [...]}</c>, <c>{"any": [...]}</c> or <c>{"not": {...}}</c>, or one
/// condition <c>{"kind": "timeWindow" | "value" | "online" | "alarmActive", ...}</c>. Groups nest two levels deep.
/// </summary>
internal static partial class RuleParser
{
    public const int MaxConditions = 20;
    private const int MaxGroupDepth = 2;

    private static readonly Dictionary<string, DayOfWeek> DayWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mon"] = DayOfWeek.Monday, ["tue"] = DayOfWeek.Tuesday, ["wed"] = DayOfWeek.Wednesday, ["thu"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["sat"] = DayOfWeek.Saturday, ["sun"] = DayOfWeek.Sunday,
    };

    private static RuleCondition ParseConditions(JsonElement e)
    {
        var count = 0;
        return ParseCondition(e, "conditions", 0, ref count);
    }

    private static RuleCondition ParseCondition(JsonElement e, string path, int depth, ref int count)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new RuleInvalidException($"{path}: an object, either a group (all, any, not) or a condition with a kind.");
        foreach (var (word, kind) in (ReadOnlySpan<(string, ConditionGroupKind)>)[("all", ConditionGroupKind.All), ("any", ConditionGroupKind.Any), ("not", ConditionGroupKind.Not)])
        {
            if (!e.TryGetProperty(word, out var items)) continue;
            if (depth >= MaxGroupDepth) throw new RuleInvalidException($"{path}.{word}: groups nest at most {MaxGroupDepth} levels deep.");
            if (kind == ConditionGroupKind.Not)
            {
                if (items.ValueKind != JsonValueKind.Object) throw new RuleInvalidException($"{path}.not: one condition (an object), not a list.");
                return new ConditionGroup(kind, [ParseCondition(items, $"{path}.not", depth + 1, ref count)]);
            }
            if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0) throw new RuleInvalidException($"{path}.{word}: a non-empty array of conditions.");
            var list = new List<RuleCondition>();
            var i = 0;
            foreach (var item in items.EnumerateArray()) list.Add(ParseCondition(item, $"{path}.{word}[{i++}]", depth + 1, ref count));
            return new ConditionGroup(kind, list);
        }
        if (++count > MaxConditions) throw new RuleInvalidException($"{path}: a rule has at most {MaxConditions} conditions.");
        var kindText = OptionalString(e, "kind", $"{path}.kind")
            ?? throw new RuleInvalidException($"{path}: give all, any or not, or a kind (timeWindow, value, online, alarmActive).");
        var deviceId = OptionalString(e, "deviceId", $"{path}.deviceId");
        switch (kindText)
        {
            case "timeWindow":
                var days = new HashSet<DayOfWeek>();
                if (e.TryGetProperty("days", out var dayList) && dayList.ValueKind != JsonValueKind.Null)
                {
                    if (dayList.ValueKind != JsonValueKind.Array || dayList.GetArrayLength() == 0) throw new RuleInvalidException($"{path}.days: a non-empty array such as [\"mon\", \"fri\"].");
                    foreach (var day in dayList.EnumerateArray())
                    {
                        var text = day.ValueKind == JsonValueKind.String ? day.GetString() ?? "" : day.GetRawText();
                        if (!DayWords.TryGetValue(text, out var dow)) throw new RuleInvalidException($"{path}.days: mon, tue, wed, thu, fri, sat or sun; not '{Shorten(text)}'.");
                        days.Add(dow);
                    }
                }
                else
                {
                    days.UnionWith(Enum.GetValues<DayOfWeek>());
                }
                var from = OptionalTime(e, "from", $"{path}.from");
                var to = OptionalTime(e, "to", $"{path}.to");
                if ((from is null) != (to is null)) throw new RuleInvalidException($"{path}: give both from and to (HH:mm), or neither for the whole day.");
                if (from is not null && from == to) throw new RuleInvalidException($"{path}: from and to must differ (leave both out for the whole day).");
                return new TimeWindowCondition(days, from, to);
            case "value":
                var opText = RequiredString(e, "operator", $"{path}.operator");
                if (!ThresholdCheck.TryParse(opText, out var op)) throw new RuleInvalidException($"{path}.operator: one of > >= < <= == != between outside; not '{Shorten(opText)}'.");
                double low;
                double? high = null;
                if (op is ThresholdOperator.Between or ThresholdOperator.Outside)
                {
                    if (!e.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array || values.GetArrayLength() != 2
                        || values[0].ValueKind != JsonValueKind.Number || values[1].ValueKind != JsonValueKind.Number)
                    {
                        throw new RuleInvalidException($"{path}.values: {opText} needs two numbers, [low, high].");
                    }
                    (low, high) = (values[0].GetDouble(), values[1].GetDouble());
                    if (high < low) throw new RuleInvalidException($"{path}.values: low must not be above high.");
                }
                else
                {
                    low = RequiredNumber(e, "value", $"{path}.value", double.MinValue, double.MaxValue);
                }
                return new ValueCondition(deviceId, RequiredString(e, "key", $"{path}.key"), op, low, high, OptionalDuration(e, "maxAge", $"{path}.maxAge"));
            case "online":
                var online = !e.TryGetProperty("online", out var o) || o.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new RuleInvalidException($"{path}.online: true or false."),
                };
                return new OnlineCondition(deviceId, online);
            case "alarmActive":
                return new AlarmActiveCondition(deviceId, OptionalString(e, "type", $"{path}.type"));
            default:
                throw new RuleInvalidException($"{path}.kind: timeWindow, value, online or alarmActive; not '{Shorten(kindText)}'.");
        }
    }

    private static TimeOnly? OptionalTime(JsonElement e, string name, string path)
    {
        var text = OptionalString(e, name, path);
        if (text is null) return null;
        if (!TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            throw new RuleInvalidException($"{path}: a time of day as HH:mm (such as 22:00); not '{Shorten(text)}'.");
        }
        return time;
    }
}
