using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Automation;
using NovaConsole.Data;
using NovaConsole.Devices;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Automation;

/// <summary>The live evaluator with conditions, attribute triggers and delays that outlive a restart, on a manual clock.</summary>
public sealed class RuleEngineConditionTests : IAsyncLifetime
{
    private const string Device = "DEV-200001";
    private const string Other = "DEV-200002";

    private AppHost _host = null!;
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        _host = await AppHost.StartAsync();
        var registry = _host.Services.GetRequiredService<DeviceRegistry>();
        foreach (var id in new[] { Device, Other }) Assert.True((await registry.CreateAsync(id, new DeviceDraft(id))).Succeeded);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<List<AlarmView>> ActiveAlarmsAsync(string type) =>
        await _host.Services.GetRequiredService<AlarmService>().ListAsync(new AlarmQuery(Device, "active", Type: type), CancellationToken.None);

    [Fact]
    public async Task A_firing_whose_conditions_are_not_met_runs_no_action_and_the_run_shows_each_conditions_result()
    {
        await using var rig = new RuleEngineRig(_host, _time);
        await rig.StartAsync();
        var ruleId = await rig.AddRuleAsync("""
            {"name": "hot and dry", "trigger": {"kind": "threshold", "deviceId": "DEV-200001", "key": "temperature", "operator": ">", "value": 30},
             "conditions": {"all": [{"kind": "value", "deviceId": "DEV-200002", "key": "humidity", "operator": "<", "value": 40, "maxAge": "PT10M"},
                                    {"not": {"kind": "alarmActive", "type": "maintenance"}}]},
             "actions": [{"kind": "alarm.raise", "type": "dry-heat"}]}
            """);

        // No humidity yet: unknown, so not met.
        await rig.ReadingAsync(Device, "temperature", 25);
        await rig.ReadingAsync(Device, "temperature", 31);
        await rig.StateWhenAsync(ruleId, Device, s => s.Phase == RulePhase.Active);
        var notMet = Assert.Single(await rig.FinishedRunsAsync(ruleId));
        Assert.Equal("not-met", notMet.Status);
        var results = JsonDocument.Parse(notMet.ConditionsJson!).RootElement;
        Assert.Equal(["unknown", "unknown", "true", "false"], results.EnumerateArray().Select(r => r.GetProperty("result").GetString()));
        Assert.Empty(await ActiveAlarmsAsync("dry-heat"));

        // Humidity 35, fresh: the next crossing acts.
        await rig.ReadingAsync(Other, "humidity", 35, evaluate: false);
        await rig.ReadingAsync(Device, "temperature", 25);
        await rig.ReadingAsync(Device, "temperature", 32);
        await Eventually.GetAsync(() => rig.FinishedRunsAsync(ruleId), runs => runs.Count == 2 && runs[0].Status == "succeeded", TimeSpan.FromSeconds(20));
        Assert.Single(await ActiveAlarmsAsync("dry-heat"));

        // Eleven minutes later the humidity is too old, and a maintenance alarm is active: not met again.
        _time.Advance(TimeSpan.FromMinutes(11));
        await rig.Alarms.RaiseAsync(Device, "maintenance", AlarmSeverity.Minor, null, null, null, CancellationToken.None);
        await rig.ReadingAsync(Device, "temperature", 25);
        await rig.ReadingAsync(Device, "temperature", 33);
        var runs = await Eventually.GetAsync(() => rig.FinishedRunsAsync(ruleId), r => r.Count == 3, TimeSpan.FromSeconds(20));
        Assert.Equal("not-met", runs[0].Status);
        Assert.Contains("s old", runs[0].ConditionsJson);
    }

    [Fact]
    public async Task An_attribute_trigger_fires_on_a_change_to_its_value_and_a_reported_trigger_on_every_report()
    {
        await using var rig = new RuleEngineRig(_host, _time);
        await rig.StartAsync();
        var changed = await rig.AddRuleAsync("""
            {"name": "upgraded", "trigger": {"kind": "attribute", "deviceId": "DEV-200001", "key": "version", "on": "changed", "to": "2.0"},
             "actions": [{"kind": "alarm.raise", "type": "upgraded", "severity": "warning"}]}
            """);
        var reported = await rig.AddRuleAsync("""
            {"name": "ip seen", "trigger": {"kind": "attribute", "key": "ip", "on": "reported"}, "actions": [{"kind": "alarm.clear", "type": "none"}]}
            """);
        var attributes = _host.Services.GetRequiredService<DeviceAttributes>();
        async Task ReportAsync(string json) => Assert.Null(await attributes.MergeAsync(Device, JsonDocument.Parse(json).RootElement, CancellationToken.None));

        await ReportAsync("""{"version": "2.0", "ip": "10.0.0.2"}"""); // first report of the key: a baseline, not a change
        await ReportAsync("""{"version": "2.0", "ip": "10.0.0.2"}"""); // unchanged
        await ReportAsync("""{"version": "1.5"}""");                   // changed, but not to 2.0
        await ReportAsync("""{"version": "2.0", "ip": "10.0.0.3"}""");
        await rig.StateWhenAsync(changed, Device, s => s.FiredAt is not null);
        await rig.StateWhenAsync(reported, Device, s => s.FiredAt is not null);

        Assert.Equal(nameof(FireReason.Attribute), Assert.Single(await rig.FinishedRunsAsync(changed)).Reason);
        Assert.Single(await ActiveAlarmsAsync("upgraded"));
        await Eventually.GetAsync(() => rig.FinishedRunsAsync(reported), runs => runs.Count == 3, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_delay_between_actions_is_a_stored_wait_that_resumes_on_time_and_after_a_restart_once()
    {
        const string Rule = """
            {"name": "two steps", "trigger": {"kind": "threshold", "deviceId": "DEV-200001", "key": "level", "operator": ">", "value": 5},
             "actions": [{"kind": "alarm.raise", "type": "first"}, {"kind": "delay", "duration": "PT1M"}, {"kind": "alarm.raise", "type": "second"},
                         {"kind": "delay", "duration": "PT1M"}, {"kind": "alarm.raise", "type": "third"}]}
            """;
        long ruleId;
        await using (var before = new RuleEngineRig(_host, _time))
        {
            await before.StartAsync();
            ruleId = await before.AddRuleAsync(Rule);
            await before.ReadingAsync(Device, "level", 1);
            await before.ReadingAsync(Device, "level", 6);
            var waiting = await Eventually.GetAsync(() => before.Store.ListRunsAsync(ruleId, 10, CancellationToken.None),
                runs => runs.Count == 1 && runs[0].Status == "waiting", TimeSpan.FromSeconds(20));
            Assert.Single(await ActiveAlarmsAsync("first"));
            _time.Advance(TimeSpan.FromSeconds(59));
            Assert.Equal("waiting", (await before.Store.GetRunAsync(waiting[0].Id, CancellationToken.None))!.Status);
            Assert.Empty(await ActiveAlarmsAsync("second"));
            // Another crossing meanwhile is dropped: the waiting run still holds its (rule, device) turn.
            await before.ReadingAsync(Device, "level", 1);
            await before.ReadingAsync(Device, "level", 7);
            await Eventually.GetAsync(() => before.Store.ListRunsAsync(ruleId, 10, CancellationToken.None), runs => runs.Count == 2 && runs[0].Status == "dropped", TimeSpan.FromSeconds(20));

            _time.Advance(TimeSpan.FromSeconds(1));
            await Eventually.GetAsync(() => ActiveAlarmsAsync("second"), alarms => alarms.Count == 1, TimeSpan.FromSeconds(20));
            await Eventually.GetAsync(() => before.Store.ListDelaysAsync(CancellationToken.None), d => d.Count == 1, TimeSpan.FromSeconds(20));
        }
        // Stopped while waiting in the second delay; it fell due during the downtime.
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await ActiveAlarmsAsync("third"));
        await using (var after = new RuleEngineRig(_host, _time))
        {
            await after.StartAsync();
            var runs = await Eventually.GetAsync(() => after.Store.ListRunsAsync(ruleId, 10, CancellationToken.None),
                r => r.Any(run => run.Status == "succeeded"), TimeSpan.FromSeconds(20));
            var run = runs.Single(r => r.Status == "succeeded");
            Assert.Equal(5, JsonDocument.Parse(run.StepsJson).RootElement.GetArrayLength());
            Assert.Single(await ActiveAlarmsAsync("third"));
            Assert.Empty(await after.Store.ListDelaysAsync(CancellationToken.None));
        }
        // A second restart finds nothing left to resume.
        await using (var again = new RuleEngineRig(_host, _time))
        {
            await again.StartAsync();
            await again.Runner.ResumeAsync((await again.Store.ListRunsAsync(ruleId, 10, CancellationToken.None)).Single(r => r.Status == "succeeded").Id);
            Assert.Single(await again.Store.ListRunsAsync(ruleId, 10, CancellationToken.None), r => r.Status == "succeeded");
        }
    }
}
