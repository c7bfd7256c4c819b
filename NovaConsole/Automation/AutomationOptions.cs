namespace NovaConsole.Automation;

/// <summary>The <c>Automation</c> settings section.</summary>
internal sealed class AutomationOptions
{
    public const string Section = "Automation";

    /// <summary>Telemetry batches, presence changes and timer ticks waiting for evaluation; beyond this, batches are dropped and counted.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>The breaker: a rule firing more often than this in a minute is disabled, with the reason recorded.</summary>
    public int MaxFiresPerMinute { get; set; } = 60;

    /// <summary>A run whose device was commanded by a run within this many seconds continues that run's chain (one level deeper).</summary>
    public int LoopWindowSeconds { get; set; } = 60;

    /// <summary>Chains deeper than this are dropped as "loop suspected".</summary>
    public int MaxLoopDepth { get; set; } = 3;

    public int WebhookTimeoutSeconds { get; set; } = 10;

    public int WebhookRetries { get; set; } = 3;

    /// <summary>The first retry's wait; each further one doubles it.</summary>
    public double WebhookBackoffSeconds { get; set; } = 1;

    public string? Validate() =>
        QueueCapacity is < 10 or > 1_000_000 ? "Automation:QueueCapacity must be between 10 and 1000000."
        : MaxFiresPerMinute is < 1 or > 100_000 ? "Automation:MaxFiresPerMinute must be between 1 and 100000."
        : LoopWindowSeconds is < 1 or > 3600 ? "Automation:LoopWindowSeconds must be between 1 and 3600."
        : MaxLoopDepth is < 1 or > 20 ? "Automation:MaxLoopDepth must be between 1 and 20."
        : WebhookTimeoutSeconds is < 1 or > 300 ? "Automation:WebhookTimeoutSeconds must be between 1 and 300."
        : WebhookRetries is < 0 or > 10 ? "Automation:WebhookRetries must be between 0 and 10."
        : WebhookBackoffSeconds is < 0 or > 60 ? "Automation:WebhookBackoffSeconds must be between 0 and 60."
        : null;
}
