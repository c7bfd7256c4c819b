using NovaConsole.Shared.Logging;

namespace NovaConsole.Devices.Http;

/// <summary>
/// HTTP device API events, EventIds 4400-4449. Refusals are rate-limited per remote address (a script hammering
/// the API must not fill the log) and device ids from the URL are cut short; keys are never logged.
/// </summary>
internal static partial class HttpDeviceLog
{
    public static void Refused(ILogger logger, string? address, string deviceId, int status, string title)
    {
        if (logger.IsEnabled(LogLevel.Information) && LogRateLimit.Allow(logger, 4400, address)) LogRefused(logger, address, LogValue.Truncate(deviceId), status, title);
    }

    [LoggerMessage(EventId = 4400, Level = LogLevel.Information, Message = "HTTP device request from {Address} for device {DeviceId} refused with {Status}: {Title}")]
    private static partial void LogRefused(ILogger logger, string? address, string deviceId, int status, string title);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Warning, Message = "Could not record that device {DeviceId} was seen over HTTP")]
    public static partial void SeenWriteFailed(ILogger logger, Exception exception, string deviceId);
}
