namespace NovaConsole.Live;

/// <summary>Live data hub events, EventIds 5100-5149.</summary>
internal static partial class LiveLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "Sending a live {Event} event for {DeviceId} to hub clients failed")]
    public static partial void SendFailed(ILogger logger, Exception exception, string @event, string deviceId);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Hub clients fall behind: {Dropped} live events dropped so far")]
    public static partial void Dropped(ILogger logger, long dropped);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "A live OTA view failed on a change notification")]
    public static partial void OtaSubscriberFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "A view of {DeviceId}'s attribute and event reports failed")]
    public static partial void ReportSubscriberFailed(ILogger logger, Exception exception, string deviceId);
}
