namespace NovaConsole.Audit;

/// <summary>Log messages of the audit log (EventIds 7000-7099).</summary>
internal static partial class AuditLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Error, Message = "Could not write the audit entry for {Action}")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string action);
}
