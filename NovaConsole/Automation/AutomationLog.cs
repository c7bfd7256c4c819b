namespace NovaConsole.Automation;

/// <summary>Automation events, EventIds 13000-13099.</summary>
internal static partial class AutomationLog
{
    [LoggerMessage(EventId = 13000, Level = LogLevel.Information, Message = "Rule {RuleId} fired for {DeviceId} ({Reason}), run {RunId}")]
    public static partial void Fired(ILogger logger, long ruleId, string deviceId, string reason, long runId);

    [LoggerMessage(EventId = 13001, Level = LogLevel.Warning, Message = "Rule {RuleId} run for {DeviceId} dropped: {Why}")]
    public static partial void Dropped(ILogger logger, long ruleId, string deviceId, string why);

    [LoggerMessage(EventId = 13002, Level = LogLevel.Warning, Message = "Rule {RuleId} disabled by the breaker: {Why}")]
    public static partial void BreakerTripped(ILogger logger, long ruleId, string why);

    [LoggerMessage(EventId = 13003, Level = LogLevel.Error, Message = "Evaluating automation failed ({Why}); the loop continues")]
    public static partial void EvaluationFailed(ILogger logger, Exception exception, string why);

    [LoggerMessage(EventId = 13004, Level = LogLevel.Warning, Message = "Automation queue full: {Count} telemetry messages not evaluated")]
    public static partial void QueueFull(ILogger logger, int count);

    [LoggerMessage(EventId = 13005, Level = LogLevel.Information, Message = "Rule {RuleId} run {RunId} ended {Status}")]
    public static partial void RunEnded(ILogger logger, long ruleId, long runId, string status);

    [LoggerMessage(EventId = 13006, Level = LogLevel.Error, Message = "Rule {RuleId} run {RunId} failed unexpectedly: {Why}")]
    public static partial void RunCrashed(ILogger logger, Exception exception, long ruleId, long runId, string why);

    [LoggerMessage(EventId = 13007, Level = LogLevel.Information, Message = "Webhook attempt {Attempt} to {Host} failed: {Why}")]
    public static partial void WebhookAttemptFailed(ILogger logger, int attempt, string host, string why);

    [LoggerMessage(EventId = 13008, Level = LogLevel.Information, Message = "Automation restored {States} rule states; {Fired} pending timers fired at start")]
    public static partial void Restored(ILogger logger, int states, int fired);
}
