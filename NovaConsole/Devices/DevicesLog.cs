using NovaConsole.Shared.Logging;
namespace NovaConsole.Devices;

/// <summary>Device events, EventIds 4000-4099. Device keys are never logged, nor their hashes.</summary>
internal static partial class DevicesLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Device {DeviceId} created")]
    public static partial void DeviceCreated(ILogger logger, string deviceId);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Device {DeviceId} updated")]
    public static partial void DeviceUpdated(ILogger logger, string deviceId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Device {DeviceId} {State}")]
    public static partial void DeviceEnabledChanged(ILogger logger, string deviceId, string state);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Device {DeviceId} deleted")]
    public static partial void DeviceDeleted(ILogger logger, string deviceId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Device {DeviceId}: key reset; the old key no longer works")]
    public static partial void DeviceKeyReset(ILogger logger, string deviceId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "CSV import: {Created} devices created, {Rejected} rows rejected")]
    public static partial void DevicesImported(ILogger logger, int created, int rejected);

    public static void AuthUnknownDevice(ILogger logger, string deviceId, string? remoteAddress)
    {
        if (logger.IsEnabled(LogLevel.Warning) && LogRateLimit.Allow(logger, 4010, remoteAddress)) LogAuthUnknownDevice(logger, LogValue.Truncate(deviceId), remoteAddress);
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Device sign-in refused: unknown device {DeviceId} from {RemoteAddress}")]
    private static partial void LogAuthUnknownDevice(ILogger logger, string deviceId, string? remoteAddress);

    public static void AuthWrongKey(ILogger logger, string deviceId, string? remoteAddress)
    {
        if (logger.IsEnabled(LogLevel.Warning) && LogRateLimit.Allow(logger, 4011, remoteAddress)) LogAuthWrongKey(logger, deviceId, remoteAddress);
    }

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Device sign-in refused: wrong key for {DeviceId} from {RemoteAddress}")]
    private static partial void LogAuthWrongKey(ILogger logger, string deviceId, string? remoteAddress);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "Device sign-in refused: {DeviceId} is disabled (from {RemoteAddress})")]
    public static partial void AuthDisabled(ILogger logger, string deviceId, string? remoteAddress);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "Too many failed device sign-ins for {ThrottleKey}: refused for {Seconds} s")]
    public static partial void AuthThrottleStarted(ILogger logger, string throttleKey, double seconds);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Device credentials cached: {Count} devices in {ElapsedMs:0.0} ms")]
    public static partial void CredentialsLoaded(ILogger logger, int count, double elapsedMs);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Error, Message = "{SessionControl} failed to close the sessions of {DeviceId}")]
    public static partial void DisconnectFailed(ILogger logger, Exception exception, string sessionControl, string deviceId);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Warning, Message = "Device {DeviceId} tried to use MQTT client id '{ClientId}', whose session belongs to {Owner}; refused")]
    public static partial void ForeignClientId(ILogger logger, string deviceId, string clientId, string owner);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Error, Message = "{Purge} failed to delete the history of deleted device {DeviceId}")]
    public static partial void PurgeFailed(ILogger logger, Exception exception, string purge, string deviceId);
}
