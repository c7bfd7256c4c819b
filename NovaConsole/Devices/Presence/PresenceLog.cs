namespace NovaConsole.Devices.Presence;

/// <summary>Presence history events, EventIds 4050-4059 (inside the devices range).</summary>
internal static partial class PresenceLog
{
    [LoggerMessage(EventId = 4050, Level = LogLevel.Error, Message = "Writing {Count} device status history rows failed; they are lost")]
    public static partial void HistoryWriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 4051, Level = LogLevel.Warning, Message = "The status history queue is full: a change of {DeviceId} was not recorded ({Dropped} dropped so far)")]
    public static partial void HistoryDropped(ILogger logger, string deviceId, long dropped);

    [LoggerMessage(EventId = 4052, Level = LogLevel.Information, Message = "{Count} devices were still online in the status history when the server last stopped; recorded as offline (server stopped)")]
    public static partial void OpenPresencesClosed(ILogger logger, int count);
}
