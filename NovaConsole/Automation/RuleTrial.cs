using System.Globalization;
using NovaConsole.Devices.Presence;
using NovaConsole.Telemetry;

namespace NovaConsole.Automation;

/// <summary>
/// One device in a "try it": what its trigger says now, each condition's result, and whether the rule would act. The note
/// is a word the console turns into text (automation.trial.note.*), with its argument.
/// </summary>
internal sealed record TrialDevice(string DeviceId, string Trigger, string? Value, ConditionOutcome Conditions, bool WouldFire, string Note, string? NoteArgument = null);

/// <summary>A "try it": the devices in scope (at most <see cref="RuleTrial.MaxDevices"/>) and what the actions would send.</summary>
internal sealed record TrialResult(IReadOnlyList<TrialDevice> Devices, IReadOnlyList<BacktestAction> WouldSend, bool Truncated);

/// <summary>
/// Evaluates a rule (saved or not) against the devices' latest values, presence and alarms as they are now, and says
/// what would fire and what it would send, without acting or storing anything. A level trigger (threshold, connection,
/// no data) is judged on its latest value; a momentary one (changed, event, attribute, command outcome, schedule) fires
/// only on its next occurrence, so the trial shows whether the conditions would let it act then.
/// </summary>
internal sealed class RuleTrial(AutomationStore store, LatestValues latest, IDevicePresence presence, ConditionFactsReader conditions, TimeProvider time)
{
    public const int MaxDevices = 200;

    public async Task<TrialResult> RunAsync(RuleDefinition rule, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var scope = rule.Trigger.Scope;
        var devices = scope.DeviceId is { } one ? [one]
            : scope.Tag is { } tag ? await store.DevicesWithTagAsync(tag, ct)
            : rule.Trigger is ScheduleTrigger ? [""]
            : await store.DeviceIdsAsync(MaxDevices + 1, ct);
        var truncated = devices.Count > MaxDevices;
        var results = new List<TrialDevice>();
        foreach (var deviceId in devices.Take(MaxDevices))
        {
            var (verdict, value, note, argument) = await TriggerNowAsync(rule.Trigger, deviceId, now, ct);
            var checkedConditions = await conditions.EvaluateAsync(rule, deviceId, now, ct);
            results.Add(new TrialDevice(deviceId, verdict, value, checkedConditions, verdict == "true" && checkedConditions.Met, note, argument));
        }
        var wouldSend = rule.Actions.Select(a => new BacktestAction(RuleActions.Word(a.Kind), a.Kind is RuleActionKind.Delay or RuleActionKind.Webhook ? "" : a.Target.ToString(),
            a.Kind == RuleActionKind.Delay ? a.Duration.ToString() : a.Name ?? a.AlarmType ?? a.Url, a.Params)).ToList();
        return new TrialResult(results, wouldSend, truncated);
    }

    /// <summary>"true", "false", "unknown" or "next" (a momentary trigger: it fires on its next occurrence), the value read, and a note.</summary>
    private async Task<(string Verdict, string? Value, string Note, string? Argument)> TriggerNowAsync(RuleTrigger trigger, string deviceId, DateTimeOffset now, CancellationToken ct)
    {
        switch (trigger)
        {
            case ThresholdTrigger t:
                var reading = await LatestAsync(deviceId, t.ValueKey, ct);
                if (reading is not { } r) return ("unknown", null, "noValue", t.ValueKey);
                if (r.Value.Kind is not (TelemetryValueKind.Number or TelemetryValueKind.Boolean) || r.Value.Number is not { } number) return ("unknown", r.Value.ToString(), "notANumber", null);
                if (t.MaxAge is { } maxAge && now - r.At > maxAge) return ("unknown", Text(number), "tooOld", maxAge.ToString());
                var verdict = ThresholdCheck.Classify(t, number);
                return verdict switch
                {
                    Verdict.True => ("true", Text(number), t.For > TimeSpan.Zero ? "firesAfter" : "firesOnCrossing", t.For.ToString()),
                    Verdict.Band => ("false", Text(number), "inBand", null),
                    _ => ("false", Text(number), "", null),
                };
            case ConnectionTrigger c:
                var online = presence.IsOnline(deviceId);
                return (online == c.Online ? "true" : "false", online ? "online" : "offline", c.For > TimeSpan.Zero ? "firesAfter" : "", c.For.ToString());
            case NoDataTrigger n:
                var page = await latest.PageAsync(deviceId, 0, int.MaxValue, ct);
                var last = page.Values.Where(v => n.ValueKey is null || v.Key == n.ValueKey).Select(v => (DateTimeOffset?)v.At).Max();
                if (last is not { } at) return ("unknown", null, "nothingYet", null);
                return (now - at >= n.Duration ? "true" : "false", $"{(now - at).TotalSeconds:0} s", "silentFor", n.Duration.ToString());
            case ChangedTrigger ch:
                var current = await LatestAsync(deviceId, ch.ValueKey, ct);
                return ("next", current?.Value.ToString(), "nextChange", null);
            case ScheduleTrigger s:
                var zone = TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone);
                var next = CronSchedule.Parse(s.Cron).Occurrences(now, now.AddDays(31), zone).Select(o => (DateTimeOffset?)o).FirstOrDefault();
                return ("next", next?.ToString("u", CultureInfo.InvariantCulture), "nextOccurrence", null);
            default:
                return trigger switch
                {
                    EventTrigger e => ("next", null, "nextEvent", e.Method),
                    AttributeTrigger a => ("next", null, "nextAttribute", a.AttributeKey),
                    _ => ("next", null, "nextCommandOutcome", null),
                };
        }
    }

    private async Task<LatestValue?> LatestAsync(string deviceId, string key, CancellationToken ct) =>
        (await latest.PageAsync(deviceId, 0, int.MaxValue, ct)).Values.FirstOrDefault(v => v.Key == key);

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
