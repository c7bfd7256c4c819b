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
    /// completes when they are committed, or refused, with the reason the device is sent in an <c>error</c> line.
    /// The next line is read meanwhile, so one device's lines share a commit.
    /// </summary>
    ValueTask<DeviceTcpDataOutcome> OnDataAsync(DeviceTcpSession session, DataMessage message, CancellationToken ct);

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

/// <summary>What became of a data line: queued for storage (<see cref="Stored"/> completes at the commit), or refused.</summary>
internal readonly record struct DeviceTcpDataOutcome(string? Refusal, Task Stored)
{
    public static DeviceTcpDataOutcome Refuse(string reason) => new(reason, Task.CompletedTask);

    public static DeviceTcpDataOutcome Queued(Task stored) => new(null, stored);
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
