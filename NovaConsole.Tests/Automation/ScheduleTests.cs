using NovaConsole.Automation;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Automation;

/// <summary>Cron in an IANA zone across daylight-saving changes, the missed-run policies, and the schedule job on a manual clock.</summary>
public sealed class ScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset Utc(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void A_local_time_skipped_by_spring_forward_fires_at_the_next_valid_instant()
    {
        // 2026-03-29 in Berlin: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that day.
        var fires = CronSchedule.Parse("30 2 * * *").Occurrences(Utc(3, 28, 0, 0), Utc(3, 31, 0, 0), Berlin).ToList();

        Assert.Equal([Utc(3, 28, 1, 30), Utc(3, 29, 1, 0), Utc(3, 30, 0, 30)], fires);
    }

    [Fact]
    public void A_local_time_repeated_by_fall_back_fires_once()
    {
        // 2026-10-25 in Berlin: 03:00 CEST goes back to 02:00 CET, so 02:30 happens twice (00:30 and 01:30 UTC).
        var fires = CronSchedule.Parse("30 2 * * *").Occurrences(Utc(10, 24, 0, 0), Utc(10, 27, 0, 0), Berlin).ToList();

        Assert.Equal([Utc(10, 24, 0, 30), Utc(10, 25, 0, 30), Utc(10, 26, 1, 30)], fires);
    }

    [Fact]
    public void Lists_ranges_steps_and_weekdays_are_read_as_cron_does()
    {
        var cron = CronSchedule.Parse("*/15 9-17 * * 1-5");
        Assert.True(cron.Matches(new DateTime(2026, 12, 7, 9, 45, 0)));   // a Monday
        Assert.False(cron.Matches(new DateTime(2026, 12, 6, 9, 45, 0)));  // a Sunday
        Assert.False(cron.Matches(new DateTime(2026, 12, 7, 18, 0, 0)));
        Assert.True(CronSchedule.Parse("0 0 1 * 0").Matches(new DateTime(2026, 12, 6, 0, 0, 0)));  // day 1 OR Sunday
        Assert.Throws<FormatException>(() => CronSchedule.Parse("61 * * * *"));
        Assert.Throws<FormatException>(() => CronSchedule.Parse("* * *"));
    }

    [Theory]
    [InlineData("Skip", new[] { 12 })]
    [InlineData("Once", new[] { 11, 12 })]
    [InlineData("All", new[] { 10, 11, 12 })]
    public void After_downtime_missed_runs_follow_the_policy(string policy, int[] hours)
    {
        var schedule = new ScheduleTrigger(RuleScope.Everything, "0 * * * *", "UTC", Enum.Parse<MissedRuns>(policy), MaxMissed: 2);

        var firings = ScheduleJob.Plan(schedule, Utc(12, 7, 8, 0).AddSeconds(30), Utc(12, 7, 12, 0).AddSeconds(30));

        Assert.Equal(hours.Select(h => Utc(12, 7, h, 0)), firings.Select(f => f.At));
        Assert.Equal(FireReason.Schedule, firings[^1].Reason);
    }

    [Fact]
    public async Task The_schedule_job_fires_on_time_and_after_a_stop_skips_what_it_missed()
    {
        await using var host = await AppHost.StartAsync();
        var time = new ManualTimeProvider(Utc(12, 7, 10, 0).AddSeconds(20));
        await using var rig = new RuleEngineRig(host, time);
        await rig.StartAsync();
        var ruleId = await rig.AddRuleAsync("""
            {"name": "hourly", "trigger": {"kind": "schedule", "cron": "0 * * * *", "timeZone": "Europe/Berlin", "missed": "skip"},
             "actions": [{"kind": "delay", "duration": "PT0S"}]}
            """);
        var job = new ScheduleJob(rig.Store, rig.Runner, time);

        await job.RunAsync(CancellationToken.None);
        Assert.Empty(await rig.FinishedRunsAsync(ruleId));
        time.Advance(TimeSpan.FromHours(1));
        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None); // a second run of the job in the same minute fires nothing more
        Assert.Equal([Utc(12, 7, 11, 0)], (await rig.FinishedRunsAsync(ruleId)).Select(r => new DateTimeOffset(r.FiredAtUtc, TimeSpan.Zero)));

        time.Advance(TimeSpan.FromHours(5)); // stopped for five hours: four occurrences missed, the current one on time
        await job.RunAsync(CancellationToken.None);
        var runs = await rig.FinishedRunsAsync(ruleId);
        Assert.Equal([Utc(12, 7, 16, 0), Utc(12, 7, 11, 0)], runs.Select(r => new DateTimeOffset(r.FiredAtUtc, TimeSpan.Zero)));
        Assert.All(runs, r => Assert.Equal("succeeded", r.Status));
    }
}
