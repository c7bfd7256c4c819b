namespace NovaConsole.Commands;

/// <summary>Command events, EventIds 6000-6099. Params are not logged (they are in the operation log).</summary>
internal static partial class CommandsLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Command {Id} ({Kind} {Name}) to {DeviceId} sent over {Transport} by {IssuedBy}")]
    public static partial void Sent(ILogger logger, long id, string kind, string name, string deviceId, string transport, string issuedBy);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Command {Id} to {DeviceId} failed: {Reason}")]
    public static partial void Failed(ILogger logger, long id, string deviceId, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Command {Id} to {DeviceId} answered: {Outcome}")]
    public static partial void Responded(ILogger logger, long id, string deviceId, string outcome);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Device {DeviceId} sent a response that matches no pending command ({What})")]
    public static partial void Unmatched(ILogger logger, string deviceId, string what);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Transport {Transport} threw while sending command {Id}")]
    public static partial void TransportThrew(ILogger logger, Exception exception, string transport, long id);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Error, Message = "Could not record the end of command {Id}")]
    public static partial void CompletionFailed(ILogger logger, Exception exception, long id);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Error, Message = "An operation log subscriber failed")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "{Count} commands left unanswered by the previous run are marked failed")]
    public static partial void AbandonedFailed(ILogger logger, int count);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "Command {Id} ({Name}) to {DeviceId} queued behind {Ahead} of the same name: the device's answers carry no id")]
    public static partial void Queued(ILogger logger, long id, string name, string deviceId, int ahead);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Command {Id} ({Name}) to {DeviceId} held by {Transport} until the device fetches it")]
    public static partial void Held(ILogger logger, long id, string name, string deviceId, string transport);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Error, Message = "Could not send queued command {Id}")]
    public static partial void QueuedSendFailed(ILogger logger, Exception exception, long id);
}
