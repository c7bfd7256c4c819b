using Microsoft.Extensions.Options;
using NovaConsole.Commands;

namespace NovaConsole.Automation;

/// <summary>
/// Runs a rule's actions in order. Commands go through <see cref="CommandService"/>, exactly as manual ones, with
/// <see cref="CommandOrigin.Automatic"/> naming the rule and its run, so the operation log shows them as type 2.
/// The first failed action ends the run; the rest are recorded as skipped.
/// </summary>
internal sealed class RuleActions(
    CommandService commands,
    CommandStore commandLog,
    CommandNotifications commandEvents,
    AlarmService alarms,
    WebhookSender webhooks,
    AutomationStore store,
    AutomationMetrics metrics,
    IOptions<CommandsOptions> commandOptions,
    TimeProvider time)
{
    /// <summary>
    /// Runs the actions from <paramref name="from"/> on, appending to <paramref name="steps"/>, until the last one, a failed
    /// one, or a delay: then it returns where to go on and when, and the caller stores the wait (it outlives a restart).
    /// </summary>
    public async Task<ActionsPaused?> RunAsync(RunContext context, int from, List<RunStep> steps, CancellationToken ct)
    {
        var actions = context.Rule.Definition.Actions;
        for (var i = from; i < actions.Count; i++)
        {
            var action = actions[i];
            if (action.Kind == RuleActionKind.Delay)
            {
                var due = time.GetUtcNow() + action.Duration;
                steps.Add(new RunStep(i, Word(action.Kind), null, RunStep.Ok, $"Waits {action.Duration} until {due:u}."));
                metrics.ActionOk();
                if (i + 1 < actions.Count) return new ActionsPaused(i + 1, due);
                continue;
            }
            var produced = await RunOneAsync(context, i, action, ct);
            steps.AddRange(produced);
            foreach (var step in produced)
            {
                if (step.Outcome == RunStep.Ok) metrics.ActionOk();
                else metrics.ActionFailed();
            }
            if (produced.Any(s => s.Outcome == RunStep.Failed))
            {
                for (var j = i + 1; j < actions.Count; j++) steps.Add(new RunStep(j, Word(actions[j].Kind), null, RunStep.Skipped, "An earlier action failed."));
                break;
            }
        }
        return null;
    }

    private async Task<List<RunStep>> RunOneAsync(RunContext context, int index, RuleAction action, CancellationToken ct)
    {
        var kind = Word(action.Kind);
        switch (action.Kind)
        {
            case RuleActionKind.Webhook:
                var (sent, detail) = await webhooks.SendAsync(action.Url!, action.Secret, WebhookPayload(context), ct);
                return [new RunStep(index, kind, null, sent ? RunStep.Ok : RunStep.Failed, detail)];
        }
        var devices = await TargetsAsync(context, action.Target, ct);
        if (devices.Count == 0) return [new RunStep(index, kind, null, RunStep.Failed, $"No device matches the target {action.Target}.")];
        var steps = new List<RunStep>();
        foreach (var deviceId in devices)
        {
            steps.Add(action.Kind switch
            {
                RuleActionKind.RaiseAlarm => await RaiseAsync(context, index, action, deviceId, ct),
                RuleActionKind.ClearAlarm => await ClearAsync(index, action, deviceId, ct),
                _ => await CommandAsync(context, index, action, deviceId, ct),
            });
        }
        return steps;
    }

    private async Task<RunStep> CommandAsync(RunContext context, int index, RuleAction action, string deviceId, CancellationToken ct)
    {
        var kind = Word(action.Kind);
        var request = action.Kind switch
        {
            RuleActionKind.Command => new CommandRequest(CommandKind.Command, action.Name, action.Params),
            RuleActionKind.Control => new CommandRequest(CommandKind.Control, null, action.Params),
            RuleActionKind.AttributesSet => new CommandRequest(CommandKind.AttributesSet, null, action.Params),
            _ => new CommandRequest(CommandKind.AttributesGet, null, action.Params),
        };
        var sent = await commands.SendAsync(deviceId, request, CommandOrigin.Automatic(context.Rule.IssuedBy(context.RunId)), ct);
        if (!sent.Succeeded) return new RunStep(index, kind, deviceId, RunStep.Failed, $"Refused: {sent.Error}");
        context.Commanded(deviceId);
        var entry = sent.Value!;
        if (entry.State == CommandNames.Of(CommandState.Failed)) return new RunStep(index, kind, deviceId, RunStep.Failed, entry.ResultMessage, entry.Id);
        if (!action.Wait) return new RunStep(index, kind, deviceId, RunStep.Ok, $"Command {entry.Id} {entry.Status}.", entry.Id);
        var ended = await WaitForEndAsync(entry, ct);
        return ended.Status == "responded-ok"
            ? new RunStep(index, kind, deviceId, RunStep.Ok, $"Command {entry.Id} answered ok.", entry.Id)
            : new RunStep(index, kind, deviceId, RunStep.Failed, $"Command {entry.Id} {ended.Status}: {ended.ResultMessage ?? ended.ResultCode}", entry.Id);
    }

    /// <summary>Waits for the entry to end: answered (ok or an error, such as result 1), failed (offline, timed out).</summary>
    private async Task<CommandEntry> WaitForEndAsync(CommandEntry entry, CancellationToken ct)
    {
        var ended = new TaskCompletionSource<CommandEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = commandEvents.Subscribe(entry.DeviceId, e =>
        {
            if (e.Id == entry.Id && IsFinal(e)) ended.TrySetResult(e);
        });
        // The answer may have come before the subscription.
        if (await commandLog.GetAsync(entry.Id, ct) is { } now && IsFinal(now)) return now;
        var patience = TimeSpan.FromSeconds(commandOptions.Value.TimeoutSeconds + 5);
        try
        {
            return await ended.Task.WaitAsync(patience, time, ct);
        }
        catch (TimeoutException)
        {
            return (await commandLog.GetAsync(entry.Id, ct) ?? entry) with { Status = "no answer", ResultMessage = $"No answer within {patience.TotalSeconds} s." };
        }
    }

    private static bool IsFinal(CommandEntry e) => e.State is "responded" or "failed";

    private async Task<RunStep> RaiseAsync(RunContext context, int index, RuleAction action, string deviceId, CancellationToken ct)
    {
        var message = action.Name ?? $"{context.Rule.Name}: {context.Firing.Reason} at {context.Firing.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";
        var alarm = await alarms.RaiseAsync(deviceId, action.AlarmType!, action.Severity, message, context.Rule.Id, context.RunId, ct);
        return new RunStep(index, Word(action.Kind), deviceId, RunStep.Ok, $"Alarm {alarm.Id} ({alarm.Type}, {alarm.Severity}) active.");
    }

    private async Task<RunStep> ClearAsync(int index, RuleAction action, string deviceId, CancellationToken ct)
    {
        var cleared = await alarms.ClearAsync(deviceId, action.AlarmType!, ct);
        return new RunStep(index, Word(action.Kind), deviceId, RunStep.Ok, cleared is null ? "No active alarm of that type." : $"Alarm {cleared.Id} cleared.");
    }

    private async Task<IReadOnlyList<string>> TargetsAsync(RunContext context, ActionTarget target, CancellationToken ct) =>
        target.DeviceId is { } fixedDevice ? [fixedDevice]
        : target.Tag is { } tag ? await store.DevicesWithTagAsync(tag, ct)
        : [context.DeviceId];

    private object WebhookPayload(RunContext context) => new
    {
        rule = new { id = context.Rule.Id, name = context.Rule.Name },
        run = context.RunId,
        deviceId = context.DeviceId,
        reason = context.Firing.Reason.ToString(),
        value = context.Firing.Value is { } v && double.IsFinite(v) ? v : (double?)null,
        firedAt = context.Firing.At,
        sentAt = time.GetUtcNow(),
    };

    public static string Word(RuleActionKind kind) => kind switch
    {
        RuleActionKind.Command => "command",
        RuleActionKind.Control => "control",
        RuleActionKind.AttributesSet => "attributes.set",
        RuleActionKind.AttributesGet => "attributes.get",
        RuleActionKind.RaiseAlarm => "alarm.raise",
        RuleActionKind.ClearAlarm => "alarm.clear",
        RuleActionKind.Webhook => "webhook",
        _ => "delay",
    };
}

/// <summary>A run stopped at a delay: the next action's index and when it is due.</summary>
internal sealed record ActionsPaused(int NextAction, DateTimeOffset Due);
