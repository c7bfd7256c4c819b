using NovaConsole.Shared.Logging;

namespace NovaConsole.Mqtt.Broker.Persistence;

/// <summary>Log lines of the broker's persisted state and of back-pressure (EventIds 3150-3169, within the broker's 3000-3199).</summary>
internal static partial class BrokerStateLog
{
    [LoggerMessage(EventId = 3150, Level = LogLevel.Information, Message = "MQTT broker state restored from {Path}: {Sessions} persistent sessions ({Expired} expired and removed), {Messages} queued or in-flight messages, {Retained} retained messages")]
    public static partial void Restored(ILogger logger, string path, int sessions, int expired, int messages, int retained);

    [LoggerMessage(EventId = 3151, Level = LogLevel.Error, Message = "MQTT broker state: writing {Clients} sessions' and {Retained} retained messages' changes failed; the publishers waiting on it are disconnected unacknowledged")]
    public static partial void WriteFailed(ILogger logger, Exception exception, int clients, int retained);

    [LoggerMessage(EventId = 3152, Level = LogLevel.Warning, Message = "MQTT broker state: {Dropped} restored items no longer fit the configured limits and were dropped ({What})")]
    public static partial void RestoreTrimmed(ILogger logger, int dropped, string what);

    public static void SlowSubscriberDisconnected(ILogger logger, string clientId, int queued, int seconds)
    {
        if (logger.IsEnabled(LogLevel.Warning)) LogSlowSubscriberDisconnected(logger, LogValue.Truncate(clientId), queued, seconds);
    }

    [LoggerMessage(EventId = 3153, Level = LogLevel.Warning, Message = "MQTT client {ClientId} took none of its {Queued} queued messages for {Seconds}s while publishers waited for it (Mqtt:OverflowPolicy backpressure); disconnected")]
    private static partial void LogSlowSubscriberDisconnected(ILogger logger, string clientId, int queued, int seconds);
}
