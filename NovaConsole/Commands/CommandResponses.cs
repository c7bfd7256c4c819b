using System.Text.Json;

namespace NovaConsole.Commands;

/// <summary>Which ThingsPanel response topic an answer came on (seed 000 §4.1).</summary>
internal enum ThingsPanelResponseKind
{
    /// <summary>devices/command/response/{message_id}</summary>
    Command,
    /// <summary>devices/attributes/set/response/{message_id}</summary>
    AttributeSet,
}

/// <summary>
/// Where transport adapters hand in device answers to commands. Each finds the pending command the answer belongs
/// to, ends its log entry as Responded, and records an answer that matches nothing as an Unmatched entry.
/// </summary>
internal sealed class CommandResponses(PendingCommands pending, CommandStore store, TimeProvider time, ILogger<CommandResponses> logger)
{
    /// <summary>Seed 004 §3.3 command_response: <paramref name="commandId"/> is the id the command was sent with; result "success" or else.</summary>
    public async Task OnTcpResponse(string deviceId, string commandId, string? result, string? dataJson, CancellationToken ct = default)
    {
        var ok = result is not null && (result.Equals("success", StringComparison.OrdinalIgnoreCase) || result.Equals("ok", StringComparison.OrdinalIgnoreCase));
        var message = MessageIn(dataJson) ?? (ok ? "success" : result ?? "the device sent no result");
        var completion = new CommandCompletion(CommandState.Responded, ok, result, message, dataJson);
        if (pending.TakeByCommandId(deviceId, commandId) is { } command)
        {
            await RespondAsync(command, completion, ct);
            return;
        }
        await UnmatchedAsync(deviceId, CommandKind.Command, "command_response", commandId, completion,
            $"command_id {commandId} matches no command awaiting an answer (unknown, or already timed out)", ct);
    }

    /// <summary>
    /// Seed 000 §5.1 response ({"result": 0|1, "errcode"?, "message", "ts"?, "method"?}) on the command or attribute-set
    /// response topic with <paramref name="messageId"/> from the topic.
    /// </summary>
    public async Task OnThingsPanelResponse(
        string deviceId, string messageId, ThingsPanelResponseKind kind, ReadOnlyMemory<byte> json, string? correlatedCommandId = null, CancellationToken ct = default)
    {
        var text = System.Text.Encoding.UTF8.GetString(json.Span);
        var (succeeded, code, message, method) = ReadThingsPanel(json);
        var completion = new CommandCompletion(CommandState.Responded, succeeded, code, message, text);
        var commandKind = kind == ThingsPanelResponseKind.Command ? CommandKind.Command : CommandKind.AttributesSet;
        // MQTT 5: the Correlation Data names the command itself (MqttCommandPayloads.RequestProperties).
        var correlated = correlatedCommandId is null ? null : pending.TakeByCommandId(deviceId, correlatedCommandId);
        if ((correlated ?? pending.TakeByMessageId(deviceId, messageId, commandKind)) is { } command)
        {
            await RespondAsync(command, completion, ct);
            return;
        }
        await UnmatchedAsync(deviceId, commandKind, method ?? (kind == ThingsPanelResponseKind.Command ? "command response" : "attribute set response"),
            messageId, completion, $"message_id {messageId} matches no command awaiting an answer", ct);
    }

    /// <summary>
    /// Seed 004 §2.5 response on the data topic ({"response", "command", "timestamp", "device_id", "success", "data"}):
    /// it carries no id, so it answers the oldest command of that name still awaiting an answer from the device.
    /// </summary>
    public async Task OnNovaCloudResponse(
        string deviceId, string commandName, bool success, string? dataJson, string? correlatedCommandId = null, CancellationToken ct = default)
    {
        var message = MessageIn(dataJson) ?? (success ? "success" : "failed");
        var completion = new CommandCompletion(CommandState.Responded, success, success ? "success" : "failed", message, dataJson);
        // MQTT 5: an answer with Correlation Data is matched by the command id it carries, not guessed by name.
        var correlated = correlatedCommandId is null ? null : pending.TakeByCommandId(deviceId, correlatedCommandId);
        if ((correlated ?? pending.TakeOldestByName(deviceId, commandName)) is { } command)
        {
            await RespondAsync(command, completion, ct);
            return;
        }
        await UnmatchedAsync(deviceId, commandName == CommandNames.SetActuator ? CommandKind.Control : CommandKind.Command, commandName, null, completion,
            $"no '{commandName}' command awaits an answer", ct);
    }

    /// <summary>The transport saw the device take a command that has no answer (its PUBACK): the entry ends as Delivered.</summary>
    public async Task OnDeliveredAsync(string deviceId, long commandId)
    {
        try
        {
            if (pending.TryTake(commandId) is not { } command) return;
            CommandsLog.Responded(logger, command.Id, deviceId, "delivered");
            await store.CompleteAsync(command.Id, new CommandCompletion(CommandState.Delivered, true, "delivered",
                "Delivered: the device acknowledged receiving it (the protocol has no answer for this kind)."));
        }
        catch (Exception e)
        {
            CommandsLog.CompletionFailed(logger, e, commandId);
        }
    }

    /// <summary>Seed 000 §4.2.3: a ThingsPanel device answers an attribute get with its next attribute report, which ends every get awaiting one.</summary>
    public async Task OnAttributeReportAsync(string deviceId, ReadOnlyMemory<byte> json, CancellationToken ct = default)
    {
        var gets = pending.TakeAllOfKind(deviceId, CommandKind.AttributesGet);
        if (gets.Count == 0) return;
        var text = System.Text.Encoding.UTF8.GetString(json.Span);
        var completion = new CommandCompletion(CommandState.Responded, true, "attributes", "The device reported its attributes.", text);
        foreach (var get in gets) await RespondAsync(get, completion, ct);
    }

    private async Task RespondAsync(PendingCommand command, CommandCompletion completion, CancellationToken ct)
    {
        CommandsLog.Responded(logger, command.Id, command.DeviceId, completion.Succeeded == true ? "ok" : $"error {completion.ResultCode}: {completion.ResultMessage}");
        await store.CompleteAsync(command.Id, completion, ct: ct);
    }

    private async Task UnmatchedAsync(string deviceId, CommandKind kind, string name, string? wireId, CommandCompletion completion, string why, CancellationToken ct)
    {
        CommandsLog.Unmatched(logger, deviceId, why);
        var now = time.GetUtcNow().UtcDateTime;
        await store.InsertAsync(new CommandLogRecord
        {
            DeviceId = deviceId,
            Kind = CommandNames.Of(kind),
            Name = name,
            Origin = CommandNames.Of(CommandOriginKind.Device),
            IssuedBy = deviceId,
            MessageId = wireId,
            State = CommandNames.Of(CommandState.Unmatched),
            CreatedUtc = now,
            CompletedUtc = now,
            Succeeded = completion.Succeeded,
            ResultCode = completion.ResultCode,
            ResultMessage = $"Unmatched response: {why}. The device said: {completion.ResultMessage}",
            ResponseJson = completion.ResponseJson,
        }, ct);
    }

    private static (bool Succeeded, string? Code, string Message, string? Method) ReadThingsPanel(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (false, null, "The response is not a JSON object.", null);
            var result = root.TryGetProperty("result", out var r) ? r : default;
            var succeeded = result.ValueKind == JsonValueKind.Number ? result.TryGetInt32(out var n) && n == 0
                : result.ValueKind == JsonValueKind.String && result.GetString() == "0";
            var errcode = Text(root, "errcode");
            var message = Text(root, "message") ?? (succeeded ? "success" : "the device sent no message");
            var code = errcode ?? (result.ValueKind is JsonValueKind.Number or JsonValueKind.String ? Text(root, "result") : null);
            return (succeeded, code, message, Text(root, "method"));
        }
        catch (JsonException e)
        {
            return (false, null, $"The response is not valid JSON: {e.Message}", null);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? value.GetRawText()
        : null;

    /// <summary>A device's own words about the result, when its data object carries a message or error.</summary>
    private static string? MessageIn(string? dataJson)
    {
        if (string.IsNullOrEmpty(dataJson)) return null;
        try
        {
            using var document = JsonDocument.Parse(dataJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? Text(document.RootElement, "message") ?? Text(document.RootElement, "error")
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
