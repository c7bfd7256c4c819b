namespace NovaConsole.Telemetry;

/// <summary>Telemetry events, EventIds 5000-5099.</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "Storing a batch of {Count} telemetry messages failed; none of them was acknowledged")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "A live telemetry subscriber failed")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Telemetry retention: deleted {Count} points older than {Cutoff:u}")]
    public static partial void RetentionDeleted(ILogger logger, long count, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Telemetry WAL checkpoint failed; it is tried again in a second")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);
}
