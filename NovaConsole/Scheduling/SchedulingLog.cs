namespace NovaConsole.Scheduling;

/// <summary>Scheduling events, EventIds 130-139.</summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "Recurring job {Id}: {Cron} ({TimeZone})")]
    public static partial void Registered(ILogger logger, string id, string cron, string timeZone);

    [LoggerMessage(EventId = 131, Level = LogLevel.Information, Message = "Recurring job {Id}: run once at start")]
    public static partial void TriggeredAtStart(ILogger logger, string id);

    [LoggerMessage(EventId = 132, Level = LogLevel.Warning, Message = "Hangfire stopped before its running jobs finished (shutdown timeout): they are abandoned, and recurring work catches up after the next start")]
    public static partial void StopAbandonedJobs(ILogger logger);
}
