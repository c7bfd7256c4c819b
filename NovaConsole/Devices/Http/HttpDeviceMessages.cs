using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NovaConsole.Commands;
using NovaConsole.Devices.Presence;
using NovaConsole.Devices.Traffic;
using NovaConsole.Ota;
using NovaConsole.Telemetry;

namespace NovaConsole.Devices.Http;

/// <summary>What became of a device's request: done (with what to answer), or refused with the reason for its developer.</summary>
internal readonly record struct HttpDeviceOutcome(string? Refusal, object? Answer)
{
    public static HttpDeviceOutcome Refuse(string reason) => new(reason, null);

    public static HttpDeviceOutcome Done(object answer) => new(null, answer);
}

/// <summary>
/// A device's HTTP request body as a domain call: the same readers and services the MQTT and TCP adapters use
/// (<see cref="TelemetryJson"/>, the telemetry ingest with its group commit, attributes, events, presence, command
/// responses), so a message means the same on every transport. Each call returns once its effect is committed.
/// </summary>
internal sealed class HttpDeviceMessages(
    TelemetryIngest telemetry,
    DeviceAttributes attributes,
    DeviceEvents events,
    DevicePresence presence,
    DeviceTraffic traffic,
    DeviceClocks clocks,
    CommandResponses responses,
    PendingCommands pending,
    OtaProgress ota,
    IOptions<TelemetryOptions> telemetryOptions,
    TimeProvider time)
{
    // Seed 004 §2.4: the data message carries its time and device id beside the readings.
    private static readonly string[] NovaCloudEnvelope = ["timestamp", "device_id"];

    /// <summary>
    /// The NovaCloud data message (readings beside <c>timestamp</c> and <c>device_id</c>, seed 004 §2.4), the TCP shape
    /// (<c>{"values": {...}, "timestamp"}</c>, §3.3) or a plain object of readings. Answers once the readings are committed.
    /// </summary>
    public async Task<HttpDeviceOutcome> TelemetryAsync(string deviceId, JsonElement root, CancellationToken ct)
    {
        var problem = root.TryGetProperty("values", out var nested) && nested.ValueKind == JsonValueKind.Object
            ? TelemetryJson.Read(nested, out var readings)
            : TelemetryJson.Read(root, out readings, NovaCloudEnvelope);
        if (problem is not null) return Refused(deviceId, "telemetry", problem);
        if (readings.Count == 0) return HttpDeviceOutcome.Done(new { stored = 0 });
        var admission = await telemetry.AcceptAsync(new TelemetryMessage(deviceId, MeasuredAt(deviceId, root), readings), ct);
        if (admission.Refusal is { } refusal) return Refused(deviceId, "telemetry", refusal);
        // Durable before the answer, as an MQTT QoS 1 acknowledgement waits for the commit.
        await admission.Stored;
        return HttpDeviceOutcome.Done(new { stored = readings.Count });
    }

    public async Task<HttpDeviceOutcome> AttributesAsync(string deviceId, JsonElement root, CancellationToken ct)
    {
        if (await attributes.MergeAsync(deviceId, root, ct) is { } problem) return Refused(deviceId, "attributes", problem);
        await responses.OnAttributeReportAsync(deviceId, Encoding.UTF8.GetBytes(root.GetRawText()), ct);
        // As on MQTT: the "version" attribute is the firmware version, which confirms (or refutes) an OTA upgrade.
        if (root.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String && version.GetString() is { Length: > 0 and <= 64 } firmware)
        {
            await FirmwareAsync(deviceId, firmware, ct);
        }
        return HttpDeviceOutcome.Done(new { result = "ok" });
    }

    /// <summary>A ThingsPanel-style event (seed 000 §4.1.3): <c>{"method": "...", "params": {...}}</c>.</summary>
    public async Task<HttpDeviceOutcome> EventAsync(string deviceId, JsonElement root, CancellationToken ct)
    {
        if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || method.GetString() is not { Length: > 0 } name)
        {
            return Refused(deviceId, "events", "an event needs a \"method\" string");
        }
        if (await events.AddAsync(deviceId, name, root.TryGetProperty("params", out var p) ? p : null, ct) is { } refused)
        {
            return Refused(deviceId, "events", refused);
        }
        return HttpDeviceOutcome.Done(new { result = "ok", method = name });
    }

    /// <summary>Seed 004 §2.6 status: <c>{"status": "online"|"offline"|"error", "info": {"version": ...}}</c>.</summary>
    public async Task<HttpDeviceOutcome> StatusAsync(string deviceId, JsonElement root, CancellationToken ct)
    {
        if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String || status.GetString() is not { Length: > 0 and <= 64 } text)
        {
            return Refused(deviceId, "status", "a status message needs a \"status\" string (at most 64 characters)");
        }
        presence.StatusReported(deviceId, text);
        if (root.TryGetProperty("info", out var info) && info.ValueKind == JsonValueKind.Object
            && info.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String && version.GetString() is { Length: > 0 and <= 64 } firmware)
        {
            await FirmwareAsync(deviceId, firmware, ct);
        }
        return HttpDeviceOutcome.Done(new { result = "ok" });
    }

    /// <summary>
    /// The device's answer to command <paramref name="commandId"/>: <c>{"result": "success"|"failed"|true|false, "data": {...}}</c>
    /// as the TCP command_response (seed 004 §3.3); <c>"success": bool</c> as on MQTT (§2.5) is read too.
    /// </summary>
    public async Task<HttpDeviceOutcome> CommandResponseAsync(string deviceId, long commandId, JsonElement root, CancellationToken ct)
    {
        var result = !root.TryGetProperty("result", out var r)
            ? root.TryGetProperty("success", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False ? (s.GetBoolean() ? "success" : "failed") : null
            : r.ValueKind == JsonValueKind.String ? r.GetString()
            : r.ValueKind == JsonValueKind.True ? "success"
            : r.ValueKind == JsonValueKind.False ? "failed"
            : r.GetRawText();
        if (result is null) return Refused(deviceId, "command response", "a command response needs a \"result\" (\"success\" or \"failed\") or a \"success\" boolean");
        var awaited = pending.Contains(commandId);
        var data = root.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null ? d.GetRawText() : null;
        await responses.OnTcpResponse(deviceId, commandId.ToString(System.Globalization.CultureInfo.InvariantCulture), result, data, ct);
        // An answer to nothing awaited is still taken (and logged as unmatched): the device need not send it again.
        return HttpDeviceOutcome.Done(new { matched = awaited });
    }

    public void Received(string deviceId, string what, JsonElement root)
    {
        if (traffic.IsWatched(deviceId)) traffic.Record(new TrafficEntry(deviceId, time.GetUtcNow(), TrafficDirection.FromDevice, HttpDeviceApi.Transport, what, root.GetRawText()));
    }

    public void Refused(string deviceId, string what, string reason, bool record)
    {
        if (record && traffic.IsWatched(deviceId)) traffic.Record(new TrafficEntry(deviceId, time.GetUtcNow(), TrafficDirection.Refused, HttpDeviceApi.Transport, what, reason));
    }

    private HttpDeviceOutcome Refused(string deviceId, string what, string reason)
    {
        Refused(deviceId, what, reason, record: true);
        return HttpDeviceOutcome.Refuse(reason);
    }

    private async Task FirmwareAsync(string deviceId, string version, CancellationToken ct)
    {
        await attributes.SetFirmwareVersionAsync(deviceId, version, ct);
        await ota.VersionReportedAsync(deviceId, version, ct);
    }

    // Seed 004 §2.4: an implausible device time is replaced by the receive time, and the replacement is recorded and shown.
    private DateTimeOffset MeasuredAt(string deviceId, JsonElement root)
    {
        var options = telemetryOptions.Value;
        var measured = TelemetryJson.MeasuredAt(root.TryGetProperty("timestamp", out var ts) ? ts : null, time.GetUtcNow(),
            TimeSpan.FromDays(options.MaxTimestampAgeDays), TimeSpan.FromSeconds(options.MaxTimestampSkewSeconds));
        if (clocks.Observe(deviceId, measured.ReplacedDeviceTime, measured.At) is { } offset && traffic.IsWatched(deviceId))
        {
            traffic.Record(new TrafficEntry(deviceId, measured.At, TrafficDirection.Notice, HttpDeviceApi.Transport, "telemetry", offset.Summary));
        }
        return measured.At;
    }
}
