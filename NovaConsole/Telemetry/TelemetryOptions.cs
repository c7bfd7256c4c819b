namespace NovaConsole.Telemetry;

internal sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Messages waiting to be stored; when full, publishers wait (back-pressure) instead of memory growing.</summary>
    public int MaxQueuedMessages { get; set; } = 20_000;

    /// <summary>Messages committed in one SQLite transaction at most (group commit).</summary>
    public int MaxBatchMessages { get; set; } = 4_000;

    /// <summary>History older than this is deleted by the daily clean-up; 0 keeps everything.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>A device timestamp older than this is taken as a wrong clock, and the receive time is used.</summary>
    public int MaxTimestampAgeDays { get; set; } = 30;

    /// <summary>A device timestamp this far ahead of the server clock is still believed.</summary>
    public int MaxTimestampSkewSeconds { get; set; } = 300;

    /// <summary>At most this many points per chart series; longer ranges are averaged into buckets.</summary>
    public int MaxChartPoints { get; set; } = 600;

    /// <summary>
    /// Distinct telemetry keys one device may have; a message bringing new keys beyond it is refused (its existing keys
    /// keep working). Bounds the series, the in-memory latest values and the device page per device.
    /// </summary>
    public int MaxKeysPerDevice { get; set; } = 1_000;

    /// <summary>NORMAL survives a killed process (the console's promise); FULL also survives power loss, at a cost.</summary>
    public string Synchronous { get; set; } = "NORMAL";

    public string? Validate() =>
        MaxQueuedMessages < 100 ? "Telemetry:MaxQueuedMessages must be at least 100."
        : MaxBatchMessages < 1 ? "Telemetry:MaxBatchMessages must be positive."
        : RetentionDays < 0 ? "Telemetry:RetentionDays must be 0 (keep all) or more."
        : MaxChartPoints < 10 ? "Telemetry:MaxChartPoints must be at least 10."
        : MaxTimestampAgeDays < 1 ? "Telemetry:MaxTimestampAgeDays must be at least 1."
        : MaxTimestampSkewSeconds < 0 ? "Telemetry:MaxTimestampSkewSeconds must be 0 or more."
        : MaxKeysPerDevice is < 1 or > 1_000_000 ? "Telemetry:MaxKeysPerDevice must be between 1 and 1,000,000."
        : Synchronous is not ("NORMAL" or "FULL") ? "Telemetry:Synchronous must be NORMAL or FULL."
        : null;
}
