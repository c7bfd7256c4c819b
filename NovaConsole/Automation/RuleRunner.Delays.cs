using System.Text.Json;

namespace NovaConsole.Automation;

/// <summary>Runs that wait in a delay action: stored in automation_delays, woken by the delay clock, again after a restart.</summary>
internal sealed partial class RuleRunner
{
    /// <summary>At start: every stored wait is scheduled again (Hangfire.InMemory forgot it); one due during the downtime resumes now.</summary>
    public async Task WakeStoredDelaysAsync(CancellationToken ct)
    {
        foreach (var delay in await store.ListDelaysAsync(ct))
        {
            delayClock.WakeAt(delay.RunId, new DateTimeOffset(DateTime.SpecifyKind(delay.DueUtc, DateTimeKind.Utc)));
        }
    }

    /// <summary>
    /// A delay ended: the run goes on with its next action, once (the stored wait is claimed and deleted first, so a
    /// second wake-up does nothing). A rule disabled, changed or deleted meanwhile ends the run without the remaining actions.
    /// </summary>
    public async Task ResumeAsync(long runId)
    {
        try
        {
            if (await store.ClaimDelayAsync(runId, CancellationToken.None) is not { } delay) return;
            var steps = JsonSerializer.Deserialize<List<RunStep>>(delay.StepsJson, RunStep.Json) ?? [];
            var record = await store.GetRuleAsync(delay.RuleId, CancellationToken.None);
            var run = await store.GetRunAsync(runId, CancellationToken.None);
            if (record is not { Enabled: true } || record.Revision != delay.Revision || run is null)
            {
                _inFlight.TryRemove((delay.RuleId, delay.DeviceId), out _);
                await store.FinishRunAsync(runId, RunStatus.Failed,
                    "The rule was disabled, changed or deleted while the run waited in a delay: the remaining actions did not run.",
                    JsonSerializer.Serialize(steps, RunStep.Json), CancellationToken.None);
                return;
            }
            var rule = LoadedRule.From(record);
            // After a restart the turn is taken again; in the same process it was kept.
            _inFlight[(rule.Id, delay.DeviceId)] = 0;
            var firing = new Firing(new DateTimeOffset(DateTime.SpecifyKind(run.FiredAtUtc, DateTimeKind.Utc)),
                Enum.TryParse<FireReason>(run.Reason, out var reason) ? reason : FireReason.Crossed, run.TriggerValue);
            await ContinueAsync(rule, runId, delay.DeviceId, firing, delay.Depth, delay.NextAction, steps);
        }
        catch (Exception e)
        {
            AutomationLog.RunCrashed(logger, e, 0, runId, e.Message);
        }
    }
}
