using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NovaConsole.Devices.Presence;
using NovaConsole.Devices.Tcp;
using NovaConsole.Devices.Traffic;
using NovaConsole.Telemetry;

namespace NovaConsole.Devices.Adapters;

/// <summary>
/// Where the NovaCloud TCP protocol (seed 004 §3) meets the domain: device keys, telemetry storage, presence
/// and the live traffic feed. The listener knows nothing of these; this class knows nothing of sockets.
/// </summary>
internal sealed class TcpDeviceAdapter(
    DeviceAuthenticator authenticator,
    DeviceAttributes attributes,
    TelemetryIngest telemetry,
    DevicePresence presence,
    DeviceTraffic traffic,
    DeviceClocks clocks,
    TcpCommandTransport commands,
    IOptions<TelemetryOptions> telemetryOptions,
    TimeProvider time) : IDeviceTcpHooks
{
    public const string Transport = "tcp";

    public async ValueTask<DeviceTcpAuthOutcome> AuthenticateAsync(string? deviceId, string? deviceKey, EndPoint? remote, CancellationToken ct)
    {
        var result = await authenticator.AuthenticateAsync(deviceId, deviceKey, Address(remote), ct);
        return result.Succeeded ? DeviceTcpAuthOutcome.Accept(result.DeviceId!) : DeviceTcpAuthOutcome.Refuse(result.PublicMessage);
    }

    public ValueTask OnConnectedAsync(DeviceTcpSession session, CancellationToken ct)
    {
        presence.SessionOpened(session.DeviceId, SessionId(session), session.Tls ? "tcp+tls" : Transport, Address(session.RemoteEndPoint));
        return ValueTask.CompletedTask;
    }

    public async ValueTask<DeviceTcpDataOutcome> OnDataAsync(DeviceTcpSession session, DataMessage message, CancellationToken ct)
    {
        if (TelemetryJson.Read(message.Values, out var readings) is { } problem) return DeviceTcpDataOutcome.Refuse(problem);
        if (readings.Count == 0) return DeviceTcpDataOutcome.Queued(Task.CompletedTask);
        var options = telemetryOptions.Value;
        var measured = message.Timestamp is { } ts
            ? TelemetryJson.MeasuredAt(ts, time.GetUtcNow(), TimeSpan.FromDays(options.MaxTimestampAgeDays), TimeSpan.FromSeconds(options.MaxTimestampSkewSeconds))
            : new MeasuredTime(time.GetUtcNow(), null);
        var measuredAt = measured.At;
        // Seed 004 §2.4 (as on MQTT): a replaced device time is recorded and shown, never silent.
        if (clocks.Observe(session.DeviceId, measured.ReplacedDeviceTime, measuredAt) is { } offset && traffic.IsWatched(session.DeviceId))
        {
            traffic.Record(new TrafficEntry(session.DeviceId, measuredAt, TrafficDirection.Notice, Transport, "data", offset.Summary));
        }
        // Waits for room in the bounded queue: a device that outruns the disk is slowed down by its own socket.
        var admission = await telemetry.AcceptAsync(new TelemetryMessage(session.DeviceId, measuredAt, readings), ct);
        return admission.Refusal is { } refusal ? DeviceTcpDataOutcome.Refuse(refusal) : DeviceTcpDataOutcome.Queued(admission.Stored);
    }

    public async ValueTask OnStatusAsync(DeviceTcpSession session, StatusMessage message, CancellationToken ct)
    {
        presence.StatusReported(session.DeviceId, message.Status);
        // Seed 004 §3.3: info.version is the firmware version, kept as the MQTT status topic (§2.6) keeps it.
        if (message.Info is { ValueKind: JsonValueKind.Object } info
            && info.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String)
        {
            await attributes.SetFirmwareVersionAsync(session.DeviceId, version.GetString()!, ct);
        }
    }

    public ValueTask OnCommandResponseAsync(DeviceTcpSession session, CommandResponseMessage message, CancellationToken ct) =>
        commands.OnCommandResponseAsync(session, message, ct);

    public bool IsTrafficWatched(DeviceTcpSession session) => traffic.IsWatched(session.DeviceId);

    public void OnTraffic(DeviceTcpSession session, DeviceTcpTraffic entry) =>
        traffic.Record(new TrafficEntry(session.DeviceId, entry.At, entry.Direction switch
        {
            DeviceTcpDirection.FromDevice => TrafficDirection.FromDevice,
            DeviceTcpDirection.ToDevice => TrafficDirection.ToDevice,
            _ => TrafficDirection.Refused,
        }, Transport, "line", entry.Text));

    public ValueTask OnDisconnectedAsync(DeviceTcpSession session, DeviceTcpCloseReason reason, CancellationToken ct)
    {
        presence.SessionClosed(session.DeviceId, SessionId(session), session.CloseDetail ?? Describe(reason));
        return ValueTask.CompletedTask;
    }

    private static string SessionId(DeviceTcpSession session) => "tcp:" + session.ConnectionId;

    private static string? Address(EndPoint? endPoint) => endPoint is IPEndPoint ip ? ip.Address.ToString() : endPoint?.ToString();

    private static string Describe(DeviceTcpCloseReason reason) => reason switch
    {
        DeviceTcpCloseReason.ClosedByDevice => "TCP connection closed by the device",
        DeviceTcpCloseReason.IdleTimeout => "TCP idle timeout (no message for the idle period)",
        DeviceTcpCloseReason.ReplacedByNewerConnection => "replaced by a newer TCP connection",
        DeviceTcpCloseReason.MessageTooLarge => "TCP message over the size limit",
        DeviceTcpCloseReason.ServerShutdown => "server shutting down",
        _ => "closed by the platform",
    };
}
