using System.Buffers;
using System.Text.Json;
using NovaConsole.Commands;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Devices.Adapters;

/// <summary>
/// One MQTT message for a command: where to publish it, what to publish, and what the command service should
/// expect (<see cref="Dispatch"/>): the message_id it carries and whether the protocol answers this kind at all.
/// </summary>
internal sealed record MqttCommandMessage(string Topic, ReadOnlyMemory<byte> Payload, string? WireId, bool AwaitsResponse, bool AwaitsDelivery = false)
{
    public CommandDispatch Dispatch => AwaitsDelivery ? CommandDispatch.UntilAcknowledged() : CommandDispatch.Delivered(WireId, AwaitsResponse);
}

/// <summary>
/// The platform-to-device command payloads of both MQTT device protocols, as pure functions, so the MQTT adapter
/// only publishes (QoS 1, not retained) what these return, and reads NovaCloud answers with <see cref="TryReadNovaCloudResponse"/>.
/// </summary>
internal static class MqttCommandPayloads
{
    /// <summary>Seed 000 §4.2: control, attribute set/get and command, each on its own topic.</summary>
    public static MqttCommandMessage ThingsPanel(DeviceCommand command) => command.Kind switch
    {
        // §4.2.1: the control payload is the key/value object itself; no response topic exists for it, so the device's
        // PUBACK (it has the message) is as far as it goes.
        CommandKind.Control => new(DeviceTopics.ThingsPanelControl(command.DeviceId), Write(j => WriteObject(j, command.Params)), null, false, AwaitsDelivery: true),
        // §4.2.2: answered on devices/attributes/set/response/{message_id}.
        CommandKind.AttributesSet => new(DeviceTopics.ThingsPanelAttributeSet(command.DeviceId, command.MessageId),
            Write(j => WriteObject(j, command.Params)), command.MessageId, true),
        // §4.2.3: {"keys": [...]}; the device answers with an ordinary attribute report (CommandResponses.OnAttributeReportAsync).
        CommandKind.AttributesGet => new(DeviceTopics.ThingsPanelAttributeGet(command.DeviceId), Write(j => WriteObject(j, command.Params, "keys")), null, true),
        // §4.2.4: {"method", "params"}, answered on devices/command/response/{message_id}.
        _ => new(DeviceTopics.ThingsPanelCommand(command.DeviceId, command.MessageId), Write(j =>
        {
            j.WriteStartObject();
            j.WriteString("method", command.Name);
            j.WritePropertyName("params");
            WriteObject(j, command.Params);
            j.WriteEndObject();
        }), command.MessageId, true),
    };

    /// <summary>Seed 004 §2.5: {"command", "timestamp" (Unix seconds), "params"} on novacloud/devices/{device_id}/command.</summary>
    public static MqttCommandMessage NovaCloud(DeviceCommand command) =>
        new(DeviceTopics.NovaCloudCommand(command.DeviceId), Write(j =>
        {
            j.WriteStartObject();
            j.WriteString("command", command.Name);
            j.WriteNumber("timestamp", command.IssuedAt.ToUnixTimeSeconds());
            j.WritePropertyName("params");
            WriteObject(j, command.Params);
            j.WriteEndObject();
        }), null, true);

    /// <summary>
    /// MQTT 5.0 §4.10 request/response for a device connected with MQTT 5: the Response Topic is where its seed tells it
    /// to answer, the Correlation Data the command's id, so the answer is matched by it instead of by name.
    /// Null for kinds that have no answer.
    /// </summary>
    public static MqttProperties? RequestProperties(DeviceCommand command, MqttCommandMessage message)
    {
        if (!message.AwaitsResponse || command.Kind == CommandKind.AttributesGet)
        {
            return null;
        }

        var responseTopic = message.Topic.StartsWith("novacloud/", StringComparison.Ordinal)
            ? $"novacloud/devices/{command.DeviceId}/data" // seed 004 §2.5: answers come on the data topic
            : command.Kind == CommandKind.AttributesSet
                ? $"devices/attributes/set/response/{command.MessageId}" // seed 000 §4.2.2
                : $"devices/command/response/{command.MessageId}"; // seed 000 §4.2.4
        return new MqttProperties
        {
            ResponseTopic = responseTopic,
            CorrelationData = System.Text.Encoding.UTF8.GetBytes(command.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>The command id an MQTT 5 answer carries as its Correlation Data, if it carries one.</summary>
    public static string? CorrelatedCommandId(MqttProperties? properties) =>
        properties?.CorrelationData is { Length: > 0 and <= 20 } data ? System.Text.Encoding.UTF8.GetString(data.Span) : null;

    /// <summary>
    /// Seed 004 §2.5: a data-topic message with a "response" field answers a command; <paramref name="command"/> is its
    /// "command", <paramref name="success"/> its "success", <paramref name="dataJson"/> its "data". False for readings.
    /// </summary>
    public static bool TryReadNovaCloudResponse(ReadOnlyMemory<byte> payload, out string command, out bool success, out string? dataJson)
    {
        command = "";
        success = false;
        dataJson = null;
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("response", out _)) return false;
            if (!root.TryGetProperty("command", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(name.GetString())) return false;
            command = name.GetString()!;
            success = root.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.True;
            dataJson = root.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null ? data.GetRawText() : null;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void WriteObject(Utf8JsonWriter json, JsonElement? value, string? emptyArrayProperty = null)
    {
        if (value is { } v)
        {
            v.WriteTo(json);
            return;
        }
        json.WriteStartObject();
        if (emptyArrayProperty is not null)
        {
            json.WriteStartArray(emptyArrayProperty);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> body)
    {
        var output = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(output)) body(json);
        return output.WrittenMemory;
    }
}
