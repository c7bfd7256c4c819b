namespace NovaConsole.Automation;

/// <summary>A schedule rule as the schedules page shows it: its cron in its zone, its missed-run policy, its next runs (UTC).</summary>
internal sealed record ScheduleView(long RuleId, string Name, bool Enabled, string Cron, string TimeZone, string Missed, int MaxMissed,
    IReadOnlyList<DateTime> NextUtc, DateTime? LastHandledUtc);

/// <summary>Every schedule rule with its next occurrences, read from the same cron reader the schedule job uses.</summary>
internal sealed class ScheduleOverview(AutomationStore store, TimeProvider time)
{
    public const int NextCount = 3;

    public async Task<List<ScheduleView>> ListAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var marks = (await store.LoadStatesAsync(ct)).Where(s => s.DeviceId == ScheduleJob.StateKey).ToDictionary(s => s.RuleId);
        var views = new List<ScheduleView>();
        foreach (var record in await store.ListRulesAsync(ct))
        {
            if (!record.BodyJson.Contains("\"schedule\"", StringComparison.Ordinal)) continue;
            LoadedRule rule;
            try
            {
                rule = LoadedRule.From(record);
            }
            catch (Exception e) when (e is RuleInvalidException or System.Text.Json.JsonException)
            {
                continue;
            }
            if (rule.Trigger is not ScheduleTrigger s) continue;
            var zone = TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone);
            // Occurrences() walks minute by minute: two months bound the walk for a cron that matches rarely (then fewer are shown).
            var next = CronSchedule.Parse(s.Cron).Occurrences(now, now.AddDays(62), zone).Take(NextCount).Select(o => o.UtcDateTime).ToList();
            views.Add(new ScheduleView(record.Id, record.Name, record.Enabled, s.Cron, s.TimeZone, s.Missed.ToString().ToLowerInvariant(), s.MaxMissed, next,
                marks.TryGetValue(record.Id, out var mark) && mark.Revision == record.Revision ? mark.FiredAtUtc : null));
        }
        return views;
    }
}
