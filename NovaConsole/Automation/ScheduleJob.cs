using NovaConsole.Scheduling;

namespace NovaConsole.Automation;

/// <summary>
/// Schedules: Hangfire is only the clock (this job, every minute and once at start); SQLite is the record. For each
/// enabled schedule rule the job reads how far it has been handled (<c>lastFiredAt</c>, the state of the pair
/// (rule, "*schedule")), fires the occurrences since then that are on time, applies the rule's missed-run policy to
/// older ones (a stop, a long pause), and stores the new mark before firing, so an occurrence never runs twice.
/// </summary>
internal sealed class ScheduleJob(AutomationStore store, RuleRunner runner, TimeProvider time) : IScheduledJob
{
    public const string Id = "automation-schedules";
    public const string StateKey = "*schedule";

    /// <summary>An occurrence this recent is on time, not missed (the job runs every minute, give or take Hangfire's polling).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan MaxLookBack = TimeSpan.FromDays(31);
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var marks = (await store.LoadStatesAsync(cancellationToken)).Where(s => s.DeviceId == StateKey).ToDictionary(s => s.RuleId);
            foreach (var record in await store.ListRulesAsync(cancellationToken))
            {
                if (!record.Enabled || !record.BodyJson.Contains("\"schedule\"", StringComparison.Ordinal)) continue;
                LoadedRule rule;
                try
                {
                    rule = LoadedRule.From(record);
                }
                catch (RuleInvalidException)
                {
                    continue;
                }
                if (rule.Trigger is not ScheduleTrigger schedule) continue;
                // Never handled (new, changed or re-enabled): count from the rule's last change.
                var after = marks.TryGetValue(rule.Id, out var mark) && mark.Revision == rule.Revision && mark.FiredAtUtc is { } f
                    ? new DateTimeOffset(DateTime.SpecifyKind(f, DateTimeKind.Utc))
                    : new DateTimeOffset(DateTime.SpecifyKind(record.UpdatedUtc, DateTimeKind.Utc));
                var firings = Plan(schedule, after, now);
                await store.SaveStateAsync(rule.Id, rule.Revision, StateKey, new RuleState(RulePhase.Idle, now, FiredAt: now), cancellationToken);
                if (firings.Count == 0) continue;
                var devices = schedule.Scope.DeviceId is { } one ? [one]
                    : schedule.Scope.Tag is { } tag ? await store.DevicesWithTagAsync(tag, cancellationToken)
                    : [""];
                foreach (var firing in firings)
                {
                    foreach (var device in devices) await runner.FireAndWaitAsync(rule, device, firing);
                }
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// The firings due for occurrences in (<paramref name="after"/>, <paramref name="now"/>]: every on-time one, and of the
    /// missed ones none (skip), the latest (once) or the latest <see cref="ScheduleTrigger.MaxMissed"/> (all).
    /// </summary>
    public static List<Firing> Plan(ScheduleTrigger schedule, DateTimeOffset after, DateTimeOffset now)
    {
        if (after < now - MaxLookBack) after = now - MaxLookBack;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        var occurrences = CronSchedule.Parse(schedule.Cron).Occurrences(after, now, zone).ToList();
        var onTime = occurrences.Where(o => o >= now - Grace).Select(o => new Firing(o, FireReason.Schedule, null));
        var missed = occurrences.Where(o => o < now - Grace).ToList();
        var caughtUp = schedule.Missed switch
        {
            MissedRuns.Once => missed.TakeLast(1),
            MissedRuns.All => missed.TakeLast(schedule.MaxMissed),
            _ => [],
        };
        return [.. caughtUp.Select(o => new Firing(o, FireReason.MissedSchedule, null)), .. onTime];
    }
}
