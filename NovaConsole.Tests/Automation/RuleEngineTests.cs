using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Automation;
using NovaConsole.Data;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Automation;

/// <summary>The live evaluator on a manual clock: timers without messages, state written on transitions, restarts.</summary>
public sealed class RuleEngineTests : IAsyncLifetime
{
    private const string Device = "DEV-100001";
    private const string HotForHalfAMinute = """
        {"name": "hot", "trigger": {"kind": "threshold", "deviceId": "DEV-100001", "key": "temperature", "operator": ">", "value": 30, "deadband": 1, "for": "PT30S"},
         "actions": [{"kind": "alarm.raise", "type": "overheat"}]}
        """;

    private AppHost _host = null!;
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);

    public async Task InitializeAsync() => _host = await AppHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<RuleStateRecord?> StoredStateAsync(long ruleId)
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>().CreateDbContextAsync();
        return await db.RuleStates.AsNoTracking().SingleOrDefaultAsync(s => s.RuleId == ruleId);
    }

    [Fact]
    public async Task For_is_a_timer_the_rule_fires_with_no_new_message_and_never_again_while_active()
    {
        await using var rig = new RuleEngineRig(_host, _time);
        await rig.StartAsync();
        var ruleId = await rig.AddRuleAsync(HotForHalfAMinute);

        await rig.ReadingAsync(Device, "temperature", 25);
        await rig.ReadingAsync(Device, "temperature", 31);
        await rig.StateWhenAsync(ruleId, Device, s => s.Phase == RulePhase.Arming);
        _time.Advance(TimeSpan.FromSeconds(29));
        // A query is answered after every tick queued before it.
        Assert.Equal(RulePhase.Arming, (await rig.Engine.StateAsync(ruleId, Device))!.Phase);
        Assert.Empty(await rig.FinishedRunsAsync(ruleId));

        _time.Advance(TimeSpan.FromSeconds(1));
        await rig.StateWhenAsync(ruleId, Device, s => s.Phase == RulePhase.Active);
        for (var i = 0; i < 5; i++) await rig.ReadingAsync(Device, "temperature", 32 + i);
        _time.Advance(TimeSpan.FromMinutes(5));
        await rig.StateWhenAsync(ruleId, Device, s => s.LastValue == 36);

        var run = Assert.Single(await rig.FinishedRunsAsync(ruleId));
        Assert.Equal("succeeded", run.Status);
        Assert.Equal(31, run.TriggerValue);
        // Written on the transition, not per message: the stored last value is still the one that fired.
        var stored = await StoredStateAsync(ruleId);
        Assert.Equal((int)RulePhase.Active, stored!.Phase);
        Assert.Equal(31, stored.LastValue);
    }

    [Fact]
    public async Task A_pending_for_whose_deadline_passed_while_stopped_fires_once_at_start_if_the_latest_value_still_qualifies()
    {
        long ruleId;
        await using (var before = new RuleEngineRig(_host, _time))
        {
            await before.StartAsync();
            ruleId = await before.AddRuleAsync(HotForHalfAMinute);
            await before.ReadingAsync(Device, "temperature", 25);
            await before.ReadingAsync(Device, "temperature", 31);
            await before.StateWhenAsync(ruleId, Device, s => s.Phase == RulePhase.Arming);
        }
        _time.Advance(TimeSpan.FromMinutes(2));

        await using (var after = new RuleEngineRig(_host, _time))
        {
            await after.StartAsync();
            await after.StateWhenAsync(ruleId, Device, s => s.Phase == RulePhase.Active);
            var run = Assert.Single(await after.FinishedRunsAsync(ruleId));
            Assert.Equal(nameof(FireReason.DeadlineAtStart), run.Reason);
        }
        // A second restart finds the pair active: nothing fires twice for one crossing.
        await using (var again = new RuleEngineRig(_host, _time))
        {
            await again.StartAsync();
            await again.StateWhenAsync(ruleId, Device, s => s.Phase == RulePhase.Active);
            Assert.Single(await again.FinishedRunsAsync(ruleId));
        }
    }

    [Fact]
    public async Task A_pending_for_does_not_fire_at_start_when_the_latest_stored_value_no_longer_qualifies()
    {
        long ruleId;
        await using (var before = new RuleEngineRig(_host, _time))
        {
            await before.StartAsync();
            ruleId = await before.AddRuleAsync(HotForHalfAMinute);
            await before.ReadingAsync(Device, "temperature", 25);
            await before.ReadingAsync(Device, "temperature", 31);
            await before.StateWhenAsync(ruleId, Device, s => s.Phase == RulePhase.Arming);
            // Stored, but the process died before evaluating it.
            await before.ReadingAsync(Device, "temperature", 20, evaluate: false);
        }
        _time.Advance(TimeSpan.FromMinutes(2));

        await using var after = new RuleEngineRig(_host, _time);
        await after.StartAsync();
        await after.StateWhenAsync(ruleId, Device, s => s.Phase == RulePhase.Unknown);
        Assert.Empty(await after.FinishedRunsAsync(ruleId));
    }

    [Fact]
    public async Task Offline_for_fires_on_the_timer_and_no_data_fires_after_the_silence()
    {
        await using var rig = new RuleEngineRig(_host, _time);
        await rig.StartAsync();
        rig.Presence.SessionOpened(Device, "s1", "mqtt", null);
        var offline = await rig.AddRuleAsync("""
            {"name": "gone", "trigger": {"kind": "connection", "deviceId": "DEV-100001", "state": "offline", "for": "PT1M"}, "actions": [{"kind": "alarm.raise", "type": "offline"}]}
            """);
        var silent = await rig.AddRuleAsync("""
            {"name": "quiet", "trigger": {"kind": "noData", "deviceId": "DEV-100001", "for": "PT5M"}, "actions": [{"kind": "alarm.raise", "type": "silent"}]}
            """);

        rig.Presence.SessionClosed(Device, "s1", "keep-alive expired");
        await rig.StateWhenAsync(offline, Device, s => s.Phase == RulePhase.Arming);
        _time.Advance(TimeSpan.FromMinutes(1));
        await rig.StateWhenAsync(offline, Device, s => s.Phase == RulePhase.Active);
        Assert.Single(await rig.FinishedRunsAsync(offline));

        Assert.Empty(await rig.FinishedRunsAsync(silent));
        _time.Advance(TimeSpan.FromMinutes(4));
        await rig.StateWhenAsync(silent, Device, s => s.Phase == RulePhase.Active);
        Assert.Single(await rig.FinishedRunsAsync(silent));
    }

    [Fact]
    public async Task An_event_with_matching_params_fires_and_the_cooldown_holds_back_the_next()
    {
        await using var rig = new RuleEngineRig(_host, _time);
        await rig.StartAsync();
        var ruleId = await rig.AddRuleAsync("""
            {"name": "door", "cooldown": "PT1M", "trigger": {"kind": "event", "deviceId": "DEV-100001", "method": "alarm", "params": {"level": "high"}},
             "actions": [{"kind": "alarm.raise", "type": "door"}]}
            """);
        var events = _host.Services.GetRequiredService<NovaConsole.Devices.DeviceEvents>();
        static System.Text.Json.JsonElement Params(string level) => System.Text.Json.JsonSerializer.SerializeToElement(new { level });

        await events.AddAsync(Device, "alarm", Params("low"), CancellationToken.None);
        await events.AddAsync(Device, "alarm", Params("high"), CancellationToken.None);
        await events.AddAsync(Device, "alarm", Params("high"), CancellationToken.None);
        await rig.StateWhenAsync(ruleId, Device, s => s.FiredAt is not null);
        await rig.Engine.StateAsync(ruleId, Device);
        Assert.Single(await rig.FinishedRunsAsync(ruleId));

        _time.Advance(TimeSpan.FromMinutes(2));
        await events.AddAsync(Device, "alarm", Params("high"), CancellationToken.None);
        await rig.StateWhenAsync(ruleId, Device, s => s.FiredAt == _time.GetUtcNow());
        Assert.Equal(2, (await rig.FinishedRunsAsync(ruleId)).Count);
    }
}
