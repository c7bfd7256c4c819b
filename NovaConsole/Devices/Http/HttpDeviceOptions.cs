namespace NovaConsole.Devices.Http;

/// <summary>The HTTP device API (<c>/api/v1/d/{deviceId}/...</c>), bound from the "HttpDevices" section.</summary>
internal sealed class HttpDeviceOptions
{
    public const string Section = "HttpDevices";

    /// <summary>Largest request body; a larger one is refused with 413 before it is read (as the TCP listener's 128 KiB line cap).</summary>
    public int MaxBodyBytes { get; set; } = 128 * 1024;

    /// <summary>A command long-poll waits at most this long, whatever <c>wait</c> the device asks for.</summary>
    public int MaxWaitSeconds { get; set; } = 60;

    /// <summary>A long-poll without <c>wait</c> waits this long.</summary>
    public int DefaultWaitSeconds { get; set; } = 30;

    /// <summary>A long-polling device stays online this long after a poll ends, so the gap before its next poll is not an outage.</summary>
    public int OnlineGraceSeconds { get; set; } = 10;

    /// <summary>
    /// A device that polled for commands within this time still counts as reachable over HTTP: a command issued while
    /// no poll is open waits (queued) for its next poll, until the command timeout. Older than this, it is offline.
    /// </summary>
    public int CommandQueueSeconds { get; set; } = 300;

    /// <summary>Commands waiting for one device's next poll, at most; more are refused as a transport error.</summary>
    public int MaxQueuedCommands { get; set; } = 16;

    /// <summary>Last-seen is written at most once per device in this time (a device posting every second must not cost a write each time).</summary>
    public int SeenWriteSeconds { get; set; } = 30;

    public string? Validate() =>
        MaxBodyBytes is < 1024 or > 16 * 1024 * 1024 ? "HttpDevices:MaxBodyBytes must be between 1024 and 16 MiB."
        : MaxWaitSeconds is < 1 or > 600 ? "HttpDevices:MaxWaitSeconds must be between 1 and 600."
        : DefaultWaitSeconds < 0 || DefaultWaitSeconds > MaxWaitSeconds ? "HttpDevices:DefaultWaitSeconds must be between 0 and MaxWaitSeconds."
        : OnlineGraceSeconds is < 0 or > 600 ? "HttpDevices:OnlineGraceSeconds must be between 0 and 600."
        : CommandQueueSeconds is < 0 or > 86_400 ? "HttpDevices:CommandQueueSeconds must be between 0 and 86400."
        : MaxQueuedCommands is < 1 or > 1000 ? "HttpDevices:MaxQueuedCommands must be between 1 and 1000."
        : SeenWriteSeconds is < 1 or > 3600 ? "HttpDevices:SeenWriteSeconds must be between 1 and 3600."
        : null;
}
