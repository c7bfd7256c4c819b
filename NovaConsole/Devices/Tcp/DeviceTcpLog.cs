using NovaConsole.Shared.Logging;
namespace NovaConsole.Devices.Tcp;

/// <summary>Device TCP listener events, EventIds 4000-4099. Device keys are never logged.</summary>
internal static partial class DeviceTcpLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "TCP device {DeviceId} authenticated on {ConnectionId} from {Remote}")]
    public static partial void Authenticated(ILogger logger, string deviceId, string connectionId, string? remote);

    public static void AuthRefused(ILogger logger, string? deviceId, string? remote, string reason)
    {
        if (logger.IsEnabled(LogLevel.Warning) && LogRateLimit.Allow(logger, 4001, Address(remote))) LogAuthRefused(logger, deviceId is null ? null : LogValue.Truncate(deviceId), remote, reason);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "TCP auth refused for device {DeviceId} from {Remote}: {Reason}")]
    private static partial void LogAuthRefused(ILogger logger, string? deviceId, string? remote, string reason);

    public static void AuthTimedOut(ILogger logger, string connectionId, string? remote)
    {
        if (logger.IsEnabled(LogLevel.Information) && LogRateLimit.Allow(logger, 4002, Address(remote))) LogAuthTimedOut(logger, connectionId, remote);
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "TCP connection {ConnectionId} from {Remote} sent no auth message in time; closed")]
    private static partial void LogAuthTimedOut(ILogger logger, string connectionId, string? remote);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "TCP device {DeviceId} disconnected ({ConnectionId}): {Reason}")]
    public static partial void Disconnected(ILogger logger, string deviceId, string connectionId, DeviceTcpCloseReason reason);

    public static void MessageTooLarge(ILogger logger, string? deviceId, string connectionId, int maxBytes)
    {
        if (logger.IsEnabled(LogLevel.Warning)) LogMessageTooLarge(logger, deviceId is null ? null : LogValue.Truncate(deviceId), connectionId, maxBytes);
    }

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "TCP device {DeviceId} on {ConnectionId} sent a message over {MaxBytes} bytes; closed")]
    private static partial void LogMessageTooLarge(ILogger logger, string? deviceId, string connectionId, int maxBytes);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "Handling a TCP message from device {DeviceId} failed")]
    public static partial void HookFailed(ILogger logger, Exception exception, string deviceId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "TCP connection from {RemoteAddress} closed at once: the address already holds {Max} connections that have not authenticated")]
    public static partial void TooManyPendingConnections(ILogger logger, string? remoteAddress, int max);

    /// <summary>The address part of "address:port", the source a flood is counted by.</summary>
    private static string? Address(string? remote) => remote?.LastIndexOf(':') is > 0 and var colon ? remote[..colon] : remote;
}
