using System.Text.Json;
using NovaConsole.Automation;

namespace NovaConsole.Tests.Automation;

/// <summary>Conditions checked as pure functions of gathered facts: time windows, three-valued logic, and the parser's errors.</summary>
public sealed class ConditionCheckTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero); // a Friday, 13:00 in Berlin

    private sealed class Facts : IConditionFacts
    {
        public Dictionary<(string, string), FactValue> Values { get; } = [];
        public HashSet<string> Online { get; } = [];
        public HashSet<(string, string)> Alarms { get; } = [];

        public FactValue? Latest(string deviceId, string key) => Values.TryGetValue((deviceId, key), out var v) ? v : null;
        public bool IsOnline(string deviceId) => Online.Contains(deviceId);
        public bool AlarmActive(string deviceId, string? type) => Alarms.Any(a => a.Item1 == deviceId && (type is null || a.Item2 == type));
    }

    private static RuleDefinition Rule(string conditionsJson, string timeZone = "Europe/Berlin")
    {
        using var body = JsonDocument.Parse($$"""
            {"name": "r", "timeZone": "{{timeZone}}", "trigger": {"kind": "threshold", "key": "t", "operator": ">", "value": 1},
             "conditions": {{conditionsJson}}, "actions": [{"kind": "alarm.raise", "type": "x"}]}
            """);
        return RuleParser.Parse(body.RootElement);
    }

    private static ConditionOutcome Check(string conditionsJson, Facts facts, DateTimeOffset? now = null)
    {
        var rule = Rule(conditionsJson);
        return ConditionCheck.Evaluate(rule.Conditions, facts, now ?? Now, TimeZoneInfo.FindSystemTimeZoneById(rule.TimeZone), "DEV-1");
    }

    [Fact]
    public void Time_windows_across_midnight_agree_with_a_minute_by_minute_reference_in_the_rules_time_zone()
    {
        var random = new Random(1320);
        var words = new[] { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
        for (var run = 0; run < 200; run++)
        {
            var days = Enumerable.Range(0, 7).Where(_ => random.Next(2) == 0).DefaultIfEmpty(random.Next(7)).ToList();
            var from = new TimeOnly(random.Next(24), random.Next(4) * 15);
            var to = new TimeOnly(random.Next(24), random.Next(4) * 15);
            if (from == to) continue;
            var rule = Rule($$"""{"kind": "timeWindow", "days": [{{string.Join(",", days.Select(d => $"\"{words[d]}\""))}}], "from": "{{from:HH\:mm}}", "to": "{{to:HH\:mm}}"}""");
            var window = (TimeWindowCondition)rule.Conditions!;
            // Reference: the window opens at `from` on each listed day and lasts (to - from) mod 24 h of wall-clock time.
            var start = new DateTime(2026, 3, 23, 0, 0, 0); // wall-clock minutes over a whole week
            for (var minute = 0; minute < 7 * 24 * 60; minute += 7 + random.Next(10))
            {
                var local = start.AddMinutes(minute);
                var expected = false;
                foreach (var daysBack in new[] { 0, 1 })
                {
                    var opened = local.Date.AddDays(-daysBack);
                    if (!days.Contains((int)opened.DayOfWeek)) continue;
                    var length = (to.ToTimeSpan() - from.ToTimeSpan() + TimeSpan.FromDays(1)).Ticks % TimeSpan.TicksPerDay;
                    var open = opened + from.ToTimeSpan();
                    if (local >= open && local < open + TimeSpan.FromTicks(length)) expected = true;
                }
                Assert.True(expected == ConditionCheck.InWindow(window, local), $"run {run}: {string.Join(",", days)} {from}-{to} at {local:ddd HH:mm}");
            }
        }
    }

    [Fact]
    public void A_window_is_read_in_the_rules_time_zone()
    {
        var facts = new Facts();
        // 12:00 UTC is 13:00 in Berlin: inside 12:30-14:00 there, outside it in UTC.
        Assert.True(Check("""{"kind": "timeWindow", "days": ["fri"], "from": "12:30", "to": "14:00"}""", facts).Met);
        var utcRule = Rule("""{"kind": "timeWindow", "days": ["fri"], "from": "12:30", "to": "14:00"}""", "UTC");
        Assert.False(ConditionCheck.Evaluate(utcRule.Conditions, facts, Now, TimeZoneInfo.Utc, "DEV-1").Met);
        // Friday 22:00 to 06:00 covers Saturday 03:00 local, but not Saturday 22:30 (Saturday is not listed).
        var night = """{"kind": "timeWindow", "days": ["fri"], "from": "22:00", "to": "06:00"}""";
        Assert.True(Check(night, facts, new DateTimeOffset(2026, 12, 5, 2, 0, 0, TimeSpan.Zero)).Met);
        Assert.False(Check(night, facts, new DateTimeOffset(2026, 12, 5, 21, 30, 0, TimeSpan.Zero)).Met);
    }

    [Fact]
    public void A_missing_or_too_old_value_is_unknown_and_unknown_is_false_even_under_not()
    {
        var facts = new Facts();
        const string Humid = """{"kind": "value", "deviceId": "DEV-2", "key": "humidity", "operator": "<", "value": 40, "maxAge": "PT10M"}""";
        var missing = Check(Humid, facts);
        Assert.False(missing.Met);
        Assert.Equal("unknown", Assert.Single(missing.Results).Result);
        Assert.False(Check($$"""{"not": {{Humid}}}""", facts).Met);

        facts.Values[("DEV-2", "humidity")] = new FactValue(35, Now - TimeSpan.FromMinutes(11));
        Assert.False(Check(Humid, facts).Met);
        Assert.False(Check($$"""{"not": {{Humid}}}""", facts).Met);

        facts.Values[("DEV-2", "humidity")] = new FactValue(35, Now - TimeSpan.FromMinutes(9));
        Assert.True(Check(Humid, facts).Met);
        Assert.False(Check($$"""{"not": {{Humid}}}""", facts).Met);
        facts.Values[("DEV-2", "humidity")] = new FactValue(null, Now);
        Assert.Equal("unknown", Assert.Single(Check(Humid, facts).Results).Result);
    }

    [Fact]
    public void All_any_and_not_combine_two_levels_with_unknown_deciding_nothing()
    {
        var facts = new Facts { Online = { "DEV-1" }, Alarms = { ("DEV-3", "overheat") } };
        const string Tree = """
            {"all": [
                {"kind": "online"},
                {"any": [{"kind": "alarmActive", "deviceId": "DEV-3", "type": "overheat"}, {"kind": "value", "key": "t", "operator": ">", "value": 5}]},
                {"not": {"kind": "online", "deviceId": "DEV-9"}}
            ]}
            """;
        var outcome = Check(Tree, facts);
        Assert.True(outcome.Met);
        Assert.Equal(
            ["conditions:true", "conditions.all[0]:true", "conditions.all[1]:true",
             "conditions.all[1].any[0]:true", "conditions.all[1].any[1]:unknown", "conditions.all[2]:true", "conditions.all[2].not[0]:false"],
            outcome.Results.Select(r => $"{r.Path}:{r.Result}"));
        // any with one unknown and no true is unknown, so the whole is not met.
        facts.Alarms.Clear();
        Assert.False(Check(Tree, facts).Met);
        facts.Values[("DEV-1", "t")] = new FactValue(6, Now);
        Assert.True(Check(Tree, facts).Met);
        facts.Online.Clear();
        Assert.False(Check(Tree, facts).Met);
    }

    [Theory]
    [InlineData("""{"all": []}""", "conditions.all: a non-empty array")]
    [InlineData("""{"all": [{"any": [{"not": {"kind": "online"}}]}]}""", "conditions.all[0].any[0].not: groups nest at most 2 levels deep")]
    [InlineData("""{"not": [{"kind": "online"}]}""", "conditions.not: one condition")]
    [InlineData("""{"kind": "timeWindow", "days": ["fr"], "from": "22:00", "to": "06:00"}""", "conditions.days: mon, tue")]
    [InlineData("""{"kind": "timeWindow", "from": "25:00", "to": "06:00"}""", "conditions.from: a time of day as HH:mm")]
    [InlineData("""{"kind": "timeWindow", "from": "22:00"}""", "give both from and to")]
    [InlineData("""{"kind": "timeWindow", "from": "22:00", "to": "22:00"}""", "from and to must differ")]
    [InlineData("""{"all": [{"kind": "value", "key": "t", "operator": "=>", "value": 1}]}""", "conditions.all[0].operator")]
    [InlineData("""{"kind": "value", "key": "t", "operator": ">", "value": 1, "maxAge": "ten minutes"}""", "conditions.maxAge: 'ten minutes' is not an ISO 8601 duration")]
    [InlineData("""{"kind": "online", "online": "yes"}""", "conditions.online: true or false")]
    [InlineData("""{"kind": "weather"}""", "conditions.kind: timeWindow, value, online or alarmActive")]
    [InlineData("""{"when": 1}""", "give all, any or not, or a kind")]
    public void A_bad_condition_is_refused_naming_its_path(string conditions, string expected)
    {
        var e = Assert.Throws<RuleInvalidException>(() => Rule(conditions));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void An_unknown_time_zone_is_refused()
    {
        var e = Assert.Throws<RuleInvalidException>(() => Rule("""{"kind": "online"}""", "Mars/Olympus"));
        Assert.Contains("timeZone: 'Mars/Olympus' is not a known IANA time zone", e.Message);
    }

    [Fact]
    public void More_than_twenty_conditions_are_refused()
    {
        var many = string.Join(",", Enumerable.Repeat("""{"kind": "online"}""", 21));
        Assert.Contains("at most 20 conditions", Assert.Throws<RuleInvalidException>(() => Rule($$"""{"all": [{{many}}]}""")).Message);
    }
}
