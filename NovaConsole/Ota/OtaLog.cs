namespace NovaConsole.Ota;

/// <summary>OTA events, EventIds 7000-7099.</summary>
internal static partial class OtaLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "OTA package {Id} stored: {Name} {Version} ({Size} bytes, sha256 {Sha256})")]
    public static partial void PackageStored(ILogger logger, long id, string name, string version, long size, string sha256);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "OTA package {Id} deleted")]
    public static partial void PackageDeleted(ILogger logger, long id);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "OTA campaign {Id} {Name}: {State}{Reason}")]
    public static partial void CampaignState(ILogger logger, long id, string name, string state, string reason);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "OTA inform sent to {DeviceId}: campaign {CampaignId}, attempt {AttemptId} on {Topic}")]
    public static partial void InformSent(ILogger logger, string deviceId, long campaignId, long attemptId, string topic);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "OTA inform to {DeviceId} (attempt {AttemptId}) could not be published; its ack timeout settles it")]
    public static partial void InformFailed(ILogger logger, Exception exception, string deviceId, long attemptId);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Information, Message = "OTA progress from {DeviceId} with no active task (module {Module}, step {Step})")]
    public static partial void ProgressWithoutTask(ILogger logger, string deviceId, string module, string step);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Error, Message = "OTA campaign {Id}: step failed; the next tick tries again")]
    public static partial void StepFailed(ILogger logger, Exception exception, long id);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Information, Message = "OTA: {Count} attempts left in \"sending\" by the previous run are settled by their timeouts, never re-sent")]
    public static partial void SendingAtStart(ILogger logger, int count);
}
