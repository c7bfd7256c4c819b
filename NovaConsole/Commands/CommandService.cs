using System.Text.Json;
using Microsoft.Extensions.Options;
using NovaConsole.Devices;
using NovaConsole.Shared;

namespace NovaConsole.Commands;

/// <summary>
/// Sends commands to devices and keeps the operation log: checks the request against the device, records it,
/// sends it through a transport that reaches the device, and ends it as Responded (by <see cref="CommandResponses"/>)
/// or Failed (offline, transport error, timeout). Every change is timestamped and published. Commands to devices
/// whose answers carry no id wait their turn per name (<see cref="CommandLanes"/>) and are logged as queued meanwhile.
/// </summary>
internal sealed class CommandService(
    DeviceRegistry registry,
    CommandStore store,
    PendingCommands pending,
    CommandLanes lanes,
    IEnumerable<IDeviceCommandTransport> transports,
    IOptionsMonitor<CommandsOptions> options,
    TimeProvider time,
    ILogger<CommandService> logger,
    Audit.AuditTrail? audit = null)
{
    private readonly IDeviceCommandTransport[] _transports = transports.ToArray();

    /// <summary>
    /// The logged entry (Sent, Failed with the reason, or already Responded), or why the request was refused
    /// before anything was sent (unknown or disabled device, invalid params) - refused requests are not logged.
    /// </summary>
    public async Task<Outcome<CommandEntry>> SendAsync(string deviceId, CommandRequest request, CommandOrigin origin, CancellationToken ct = default)
    {
        var device = await registry.GetAsync(deviceId, ct);
        if (device is null) return Outcome.NotFound(Problem.Of("device.notFound", "No device with id '{0}'.", DeviceRules.Shorten(deviceId)));
        if (!device.IsEnabled) return Outcome.Conflict(Problem.Of("command.deviceDisabled", "{0} is disabled; enable it before sending commands.", device.DeviceId));
        var checkedRequest = CommandRules.Check(device, request);
        if (!checkedRequest.Succeeded) return checkedRequest.Failure;
        var command = checkedRequest.Value!;

        var now = time.GetUtcNow();
        var entry = await store.InsertAsync(new CommandLogRecord
        {
            DeviceId = device.DeviceId,
            Kind = CommandNames.Of(command.Kind),
            Name = command.Name,
            ParamsJson = command.Params?.GetRawText(),
            Origin = CommandNames.Of(origin.Kind),
            IssuedBy = origin.IssuedBy,
            State = CommandNames.Of(CommandState.Pending),
            CreatedUtc = now.UtcDateTime,
        }, ct);

        if (origin.Kind == CommandOriginKind.Manual && audit is not null)
        {
            await audit.RecordAsync(Audit.AuditActions.CommandSent, Audit.AuditActions.Device, device.DeviceId, $"#{entry.Id} {entry.Kind} {entry.Name} {entry.ParamsJson}");
        }
        var transport = _transports.FirstOrDefault(t => t.CanReach(device.DeviceId));
        var laned = transport?.AnswersByNameOnly(device.DeviceId) == true;
        if (laned && !lanes.EnterOrQueue(device.DeviceId, command.Name, new QueuedCommand(entry, command)))
        {
            var ahead = lanes.Waiting(device.DeviceId, command.Name);
            CommandsLog.Queued(logger, entry.Id, entry.Name, entry.DeviceId, ahead);
            var why = $"Queued: another '{command.Name}' awaits the device's answer, and its answers carry no id to tell them apart. It goes out when that one ends.";
            return Outcome<CommandEntry>.Ok(await store.MarkQueuedAsync(entry.Id, why, CancellationToken.None) ?? entry);
        }
        return Outcome<CommandEntry>.Ok(await DispatchAsync(entry, command, laned, ct));
    }

    /// <summary>
    /// Sends a logged entry through the first transport that reaches the device. <paramref name="laned"/>: it holds its
    /// lane in <see cref="CommandLanes"/>, which it hands on however it ends.
    /// </summary>
    private async Task<CommandEntry> DispatchAsync(CommandEntry entry, CheckedCommand command, bool laned, CancellationToken ct)
    {
        var transport = _transports.FirstOrDefault(t => t.CanReach(entry.DeviceId));
        if (transport is null)
        {
            if (laned) HandOnLane(entry.DeviceId, command.Name);
            return await FailAsync(entry, CommandFailures.DeviceOffline, "Device offline: it has no live connection to send over.", null);
        }

        var now = time.GetUtcNow();
        var messageId = pending.NewMessageId(entry.DeviceId);
        var tracked = new PendingCommand(entry.Id, entry.DeviceId, command.Kind, command.Name, messageId, now)
        {
            Ended = laned ? () => HandOnLane(entry.DeviceId, command.Name) : null,
        };
        // Tracked before sending: a quick device may answer before SendAsync returns.
        pending.Add(tracked, TimeSpan.FromSeconds(options.CurrentValue.TimeoutSeconds), OnTimeout);

        CommandDispatch dispatch;
        try
        {
            dispatch = await transport.SendAsync(new DeviceCommand(entry.Id, entry.DeviceId, command.Kind, command.Name, command.Params, messageId, now), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            CommandsLog.TransportThrew(logger, e, transport.Name, entry.Id);
            dispatch = CommandDispatch.Refused(e.Message);
        }

        if (!dispatch.Sent)
        {
            pending.TryTake(entry.Id);
            return await FailAsync(entry, CommandFailures.TransportError, $"Transport error ({transport.Name}): {dispatch.Error}", transport.Name);
        }
        if (dispatch.HeldReason is { } held)
        {
            CommandsLog.Held(logger, entry.Id, entry.Name, entry.DeviceId, transport.Name);
            return await store.MarkQueuedAsync(entry.Id, held, CancellationToken.None) ?? entry;
        }
        // Protocols with no answer for this kind (ThingsPanel telemetry/control): sent is as far as it goes.
        if (!dispatch.AwaitsResponse) pending.TryTake(entry.Id);
        if (dispatch.AwaitsDelivery) tracked.AwaitsDelivery = true;
        CommandsLog.Sent(logger, entry.Id, entry.Kind, entry.Name, entry.DeviceId, transport.Name, entry.IssuedBy);
        return await store.MarkSentAsync(entry.Id, transport.Name, dispatch.WireId, CancellationToken.None) ?? entry;
    }

    /// <summary>
    /// A transport that held a command (<see cref="CommandDispatch.Held"/>) hands it to the device now: the entry becomes
    /// Sent. False when the command has ended meanwhile (timed out): it must not be handed out.
    /// </summary>
    public async Task<bool> HandedOutAsync(DeviceCommand command, string transport)
    {
        if (!pending.Contains(command.Id)) return false;
        CommandsLog.Sent(logger, command.Id, CommandNames.Of(command.Kind), command.Name, command.DeviceId, transport, "(held for the device's fetch)");
        await store.MarkSentAsync(command.Id, transport, command.CommandId, CancellationToken.None);
        return true;
    }

    /// <summary>The command holding a lane ended: the next one waiting in it goes out (on its own, not on the caller's path).</summary>
    private void HandOnLane(string deviceId, string name)
    {
        if (lanes.Leave(deviceId, name) is not { } next) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await DispatchAsync(next.Entry, next.Command, laned: true, CancellationToken.None);
            }
            catch (Exception e)
            {
                CommandsLog.QueuedSendFailed(logger, e, next.Entry.Id);
                HandOnLane(deviceId, name);
            }
        });
    }

    /// <summary>Builds params for a control from actuator values, for callers that are not holding JSON (rules, the console).</summary>
    public static JsonElement ControlParams(IEnumerable<KeyValuePair<string, object?>> values) =>
        JsonSerializer.SerializeToElement(values.ToDictionary(v => v.Key, v => v.Value));

    private async Task<CommandEntry> FailAsync(CommandEntry entry, string code, string reason, string? transport)
    {
        CommandsLog.Failed(logger, entry.Id, entry.DeviceId, reason);
        return await store.CompleteAsync(entry.Id, new CommandCompletion(CommandState.Failed, false, code, reason), transport, CancellationToken.None) ?? entry;
    }

    private void OnTimeout(PendingCommand command) => _ = TimeOutAsync(command);

    private async Task TimeOutAsync(PendingCommand command)
    {
        try
        {
            var seconds = options.CurrentValue.TimeoutSeconds;
            var reason = command.AwaitsDelivery
                ? $"Timed out: the device did not acknowledge receiving it within {seconds} s."
                : $"Timed out: no answer from the device within {seconds} s.";
            CommandsLog.Failed(logger, command.Id, command.DeviceId, reason);
            await store.CompleteAsync(command.Id, new CommandCompletion(CommandState.Failed, false, CommandFailures.TimedOut, reason));
        }
        catch (Exception e)
        {
            CommandsLog.CompletionFailed(logger, e, command.Id);
        }
    }
}
