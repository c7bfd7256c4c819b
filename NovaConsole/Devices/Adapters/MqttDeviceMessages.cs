using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NovaConsole.Commands;
using NovaConsole.Devices.Presence;
using NovaConsole.Devices.Traffic;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Ota;
using NovaConsole.Shared;
using NovaConsole.Telemetry;

namespace NovaConsole.Devices.Adapters;

/// <summary>
/// What a device's MQTT message means under its seed, and the domain call it becomes: telemetry, attributes,
/// events and status, with the ThingsPanel replies of seed 000 §5. A payload that cannot be understood is
/// acknowledged (so the device does not resend it for ever), dropped, and shown as refused in the device's traffic.
/// </summary>
internal sealed partial class MqttDeviceMessages(
    TelemetryIngest telemetry,
    DeviceAttributes attributes,
    DeviceEvents events,
    DevicePresence presence,
    DeviceTraffic traffic,
    DeviceClocks clocks,
    CommandResponses commandResponses,
    OtaProgress ota,
    OtaDeviceProtocols otaProtocols,
    IServiceProvider services,
    IOptions<TelemetryOptions> telemetryOptions,
    TimeProvider time,
    ILogger<MqttDeviceMessages> logger)
{
    private static readonly string[] NovaCloudEnvelope = ["timestamp", "device_id"];
    private readonly LogThrottle _refusalLog = new(time, TimeSpan.FromMinutes(1));
    private IMqttServer? _broker;

    // Resolved on first use: the broker itself is built with the hooks that use this class.
    private IMqttServer Broker => _broker ??= services.GetRequiredService<IMqttServer>();

    /// <summary>
    /// Handles one message in arrival order. Telemetry is only queued here; its receipt's Stored task completes at the
    /// commit, which is what a QoS 1/2 acknowledgement waits for, while the device's next message is already read.
    /// </summary>
    /// <param name="correlatedCommandId">MQTT 5 Correlation Data of an answer: the id of the command it answers.</param>
    public async ValueTask<MqttMessageReceipt> HandleAsync(
        string deviceId, DeviceTopicKind kind, string messageId, byte[] payload, bool durable, string? correlatedCommandId = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            await RefuseAsync(deviceId, kind, messageId, "invalid_json", $"payload is not valid JSON: {e.Message}");
            return MqttMessageReceipt.Taken;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                await RefuseAsync(deviceId, kind, messageId, "invalid_json", "payload must be a JSON object");
                return MqttMessageReceipt.Taken;
            }
            // Before any value is read: invalid UTF-8 or a lone surrogate would make reading a string throw, and a QoS 1
            // message whose hook throws is never acknowledged, so the device would send it again for ever.
            if (JsonText.Problem(payload) is { } unreadable)
            {
                await RefuseAsync(deviceId, kind, messageId, "invalid_payload", unreadable);
                return MqttMessageReceipt.Taken;
            }
            // NovaCloud has no OTA: campaigns leave such a device out unless it subscribes to the inform topic.
            if (kind is DeviceTopicKind.NovaCloudData or DeviceTopicKind.NovaCloudStatus) await otaProtocols.NovaCloudSeenAsync(deviceId);
            switch (kind)
            {
                case DeviceTopicKind.ThingsPanelTelemetry:
                    return await QueueTelemetryAsync(deviceId, kind, root, [], time.GetUtcNow(), durable);
                case DeviceTopicKind.NovaCloudData when MqttCommandPayloads.TryReadNovaCloudResponse(payload, out var command, out var success, out var data):
                    // Seed 004 §2.5: command responses come back on the data topic; they are not readings.
                    await commandResponses.OnNovaCloudResponse(deviceId, command, success, data, correlatedCommandId);
                    break;
                case DeviceTopicKind.NovaCloudData:
                    return await QueueTelemetryAsync(deviceId, kind, root, NovaCloudEnvelope, MeasuredAt(deviceId, kind, root), durable);
                case DeviceTopicKind.NovaCloudStatus:
                    await ReportStatusAsync(deviceId, root);
                    break;
                case DeviceTopicKind.ThingsPanelAttributes:
                    var problem = await attributes.MergeAsync(deviceId, root, CancellationToken.None);
                    if (problem is null) await commandResponses.OnAttributeReportAsync(deviceId, payload);
                    await ReplyAsync(deviceId, DeviceTopics.ThingsPanelAttributeResponse(deviceId, messageId),
                        problem is null ? ThingsPanelResponse.Success(Now()) : ThingsPanelResponse.Failure("attributes_refused", problem, Now()));
                    // The "version" attribute is the device's firmware version: it confirms (or refutes) an OTA upgrade.
                    if (problem is null && root.TryGetProperty("version", out var reportedVersion) && reportedVersion.ValueKind == JsonValueKind.String
                        && reportedVersion.GetString() is { Length: > 0 and <= 64 } firmware)
                    {
                        await attributes.SetFirmwareVersionAsync(deviceId, firmware, CancellationToken.None);
                        await ota.VersionReportedAsync(deviceId, firmware);
                    }
                    break;
                case DeviceTopicKind.ThingsPanelOtaProgress:
                    await ReportOtaProgressAsync(deviceId, root);
                    break;
                case DeviceTopicKind.ThingsPanelEvent:
                    await StoreEventAsync(deviceId, messageId, root);
                    break;
                case DeviceTopicKind.ThingsPanelCommandResponse:
                    await commandResponses.OnThingsPanelResponse(deviceId, messageId, ThingsPanelResponseKind.Command, payload, correlatedCommandId);
                    break;
                case DeviceTopicKind.ThingsPanelAttributeSetResponse:
                    await commandResponses.OnThingsPanelResponse(deviceId, messageId, ThingsPanelResponseKind.AttributeSet, payload, correlatedCommandId);
                    break;
            }
        }
        return MqttMessageReceipt.Taken;
    }

    // Neither telemetry topic has a response topic (seed 000 §4.1, seed 004 §2.4): a refusal shows in the device's live
    // messages and the log, and the message is acknowledged all the same.
    private async ValueTask<MqttMessageReceipt> QueueTelemetryAsync(
        string deviceId, DeviceTopicKind kind, JsonElement values, string[] envelope, DateTimeOffset measuredAt, bool durable)
    {
        if (TelemetryJson.Read(values, out var readings, envelope) is { } problem)
        {
            await RefuseAsync(deviceId, kind, "", "invalid_telemetry", problem);
            return MqttMessageReceipt.Taken;
        }
        if (readings.Count == 0) return MqttMessageReceipt.Taken;
        // Waits only for room in the bounded queue (back-pressure); QoS 1/2 are acknowledged once committed to SQLite.
        var admission = await telemetry.AcceptAsync(new TelemetryMessage(deviceId, measuredAt, readings), CancellationToken.None);
        if (admission.Refusal is { } refusal)
        {
            await RefuseAsync(deviceId, kind, "", "too_many_keys", refusal);
            return MqttMessageReceipt.Taken;
        }
        return durable ? MqttMessageReceipt.WhenStored(admission.Stored) : MqttMessageReceipt.Taken;
    }

    private async ValueTask ReportStatusAsync(string deviceId, JsonElement root)
    {
        if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String)
        {
            await RefuseAsync(deviceId, DeviceTopicKind.NovaCloudStatus, "", "invalid_status", "a status message needs a \"status\" string");
            return;
        }
        presence.StatusReported(deviceId, status.GetString()!);
        if (root.TryGetProperty("info", out var info) && info.ValueKind == JsonValueKind.Object
            && info.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String)
        {
            await attributes.SetFirmwareVersionAsync(deviceId, version.GetString()!, CancellationToken.None);
            await ota.VersionReportedAsync(deviceId, version.GetString()!);
        }
    }

    // Seed 000 §4.1.4 has no response topic: what became of the report shows in the device's live messages.
    private async ValueTask ReportOtaProgressAsync(string deviceId, JsonElement root)
    {
        if (OtaWire.ReadProgress(root, out var problem) is not { } report)
        {
            await RefuseAsync(deviceId, DeviceTopicKind.ThingsPanelOtaProgress, "", "invalid_ota_progress", problem!);
            return;
        }
        var outcome = await ota.ReportAsync(deviceId, report);
        if (outcome.Summary is { } summary && traffic.IsWatched(deviceId))
        {
            traffic.Record(new TrafficEntry(deviceId, time.GetUtcNow(), TrafficDirection.Notice, "mqtt", "ota/devices/progress", summary));
        }
    }

    private async ValueTask StoreEventAsync(string deviceId, string messageId, JsonElement root)
    {
        var topic = DeviceTopics.ThingsPanelEventResponse(deviceId, messageId);
        if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || method.GetString() is not { Length: > 0 } name)
        {
            await ReplyAsync(deviceId, topic, ThingsPanelResponse.Failure("invalid_event", "an event needs a \"method\" string", Now()));
            return;
        }
        if (await events.AddAsync(deviceId, name, root.TryGetProperty("params", out var p) ? p : null, CancellationToken.None) is { } refused)
        {
            await ReplyAsync(deviceId, topic, ThingsPanelResponse.Failure("invalid_event", refused, Now()));
            return;
        }
        await ReplyAsync(deviceId, topic, ThingsPanelResponse.Success(Now(), name));
    }

    private async ValueTask RefuseAsync(string deviceId, DeviceTopicKind kind, string messageId, string errcode, string reason)
    {
        // One line per device per minute: a device that repeats its mistake many times a second must not flood the log.
        if (_refusalLog.ShouldLog(deviceId, out var suppressed)) LogRefused(logger, deviceId, kind, reason, suppressed);
        if (traffic.IsWatched(deviceId))
        {
            traffic.Record(new TrafficEntry(deviceId, time.GetUtcNow(), TrafficDirection.Refused, "mqtt", kind.ToString(), reason));
        }
        // The ThingsPanel request/response topics tell the device what was wrong (seed 000 §5, result 1).
        var reply = kind switch
        {
            DeviceTopicKind.ThingsPanelAttributes => DeviceTopics.ThingsPanelAttributeResponse(deviceId, messageId),
            DeviceTopicKind.ThingsPanelEvent => DeviceTopics.ThingsPanelEventResponse(deviceId, messageId),
            _ => null,
        };
        if (reply is not null) await ReplyAsync(deviceId, reply, ThingsPanelResponse.Failure(errcode, reason, Now()));
    }

    private async ValueTask ReplyAsync(string deviceId, string topic, byte[] payload)
    {
        await Broker.PublishAsync(topic, payload, MqttQualityOfService.AtLeastOnce);
        if (traffic.IsWatched(deviceId))
        {
            traffic.Record(new TrafficEntry(deviceId, time.GetUtcNow(), TrafficDirection.ToDevice, "mqtt", topic, Encoding.UTF8.GetString(payload)));
        }
    }

    // Seed 004 §2.4: an implausible device time is replaced by the receive time, and the replacement is recorded and shown.
    private DateTimeOffset MeasuredAt(string deviceId, DeviceTopicKind kind, JsonElement root)
    {
        var options = telemetryOptions.Value;
        var measured = TelemetryJson.MeasuredAt(root.TryGetProperty("timestamp", out var ts) ? ts : null, time.GetUtcNow(),
            TimeSpan.FromDays(options.MaxTimestampAgeDays), TimeSpan.FromSeconds(options.MaxTimestampSkewSeconds));
        if (clocks.Observe(deviceId, measured.ReplacedDeviceTime, measured.At) is { } offset && traffic.IsWatched(deviceId))
        {
            traffic.Record(new TrafficEntry(deviceId, measured.At, TrafficDirection.Notice, "mqtt", kind.ToString(), offset.Summary));
        }
        return measured.At;
    }

    private long Now() => time.GetUtcNow().ToUnixTimeSeconds();

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "MQTT message from device {DeviceId} on {Kind} refused: {Reason} ({Suppressed} more refusals of this device in the minute before were not logged)")]
    private static partial void LogRefused(ILogger logger, string deviceId, DeviceTopicKind kind, string reason, long suppressed);
}
