namespace NovaConsole.Devices.Tcp;

/// <summary>Device TCP listener events, EventIds 4000-4099. Device keys are never logged.</summary>
internal static partial class DeviceTcpLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "TCP device {DeviceId} authenticated on {ConnectionId} from {Remote}")]
    public static partial void Authenticated(ILogger logger, string deviceId, string connectionId, string? remote);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "TCP auth refused for device {DeviceId} from {Remote}: {Reason}")]
    public static partial void AuthRefused(ILogger logger, string? deviceId, string? remote, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "TCP connection {ConnectionId} from {Remote} sent no auth message in time; closed")]
    public static partial void AuthTimedOut(ILogger logger, string connectionId, string? remote);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "TCP device {DeviceId} disconnected ({ConnectionId}): {Reason}")]
    public static partial void Disconnected(ILogger logger, string deviceId, string connectionId, DeviceTcpCloseReason reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "TCP device {DeviceId} on {ConnectionId} sent a message over {MaxBytes} bytes; closed")]
    public static partial void MessageTooLarge(ILogger logger, string? deviceId, string connectionId, int maxBytes);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "Handling a TCP message from device {DeviceId} failed")]
    public static partial void HookFailed(ILogger logger, Exception exception, string deviceId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "TCP connection from {RemoteAddress} closed at once: the address already holds {Max} connections that have not authenticated")]
    public static partial void TooManyPendingConnections(ILogger logger, string? remoteAddress, int max);
}
