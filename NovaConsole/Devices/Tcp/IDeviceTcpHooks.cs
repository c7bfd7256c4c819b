using System.Net;

namespace NovaConsole.Devices.Tcp;

/// <summary>
/// The TCP listener's only way out to the product (implemented by the device adapter): who may connect,
/// and what authenticated devices said. The listener itself knows framing, timeouts and sessions only.
/// </summary>
internal interface IDeviceTcpHooks
{
    ValueTask<DeviceTcpAuthOutcome> AuthenticateAsync(string? deviceId, string? deviceKey, EndPoint? remote, CancellationToken ct);

    ValueTask OnConnectedAsync(DeviceTcpSession session, CancellationToken ct);

    /// <summary>
    /// Returns once the readings are queued for storage (a full queue slows this device's reads), with a task that
    /// completes when they are committed. The next line is read meanwhile, so one device's lines share a commit.
    /// </summary>
    ValueTask<Task> OnDataAsync(DeviceTcpSession session, DataMessage message, CancellationToken ct);

    ValueTask OnStatusAsync(DeviceTcpSession session, StatusMessage message, CancellationToken ct);

    ValueTask OnCommandResponseAsync(DeviceTcpSession session, CommandResponseMessage message, CancellationToken ct);

    /// <summary>Whether anyone watches this device's live messages: lines are turned into text only then.</summary>
    bool IsTrafficWatched(DeviceTcpSession session);

    /// <summary>Every line in either direction, and every refusal, for the device's live messages panel.</summary>
    void OnTraffic(DeviceTcpSession session, DeviceTcpTraffic traffic);

    ValueTask OnDisconnectedAsync(DeviceTcpSession session, DeviceTcpCloseReason reason, CancellationToken ct);
}

internal sealed record DeviceTcpAuthOutcome(bool Succeeded, string? DeviceId, string Message)
{
    public static DeviceTcpAuthOutcome Accept(string deviceId) => new(true, deviceId, "Authenticated");

    public static DeviceTcpAuthOutcome Refuse(string message) => new(false, null, message);
}

internal enum DeviceTcpDirection { FromDevice, ToDevice, Refused }

internal sealed record DeviceTcpTraffic(DeviceTcpDirection Direction, string Text, DateTimeOffset At);

internal enum DeviceTcpCloseReason
{
    ClosedByDevice,
    IdleTimeout,
    ReplacedByNewerConnection,
    ClosedByPlatform,
    MessageTooLarge,
    ServerShutdown,
}
