namespace NovaConsole.Ota;

/// <summary>
/// Device task states, as stored. planned → queued → informed → in_progress → reported (step 100) → succeeded (the
/// version confirmed, or step 100 when no confirmation is asked); terminal: succeeded, failed (class, raw code),
/// timed_out (ack, stall, total), cancelled, skipped (reason).
/// </summary>
internal static class OtaTaskStates
{
    public const string Planned = "planned";
    public const string Queued = "queued";
    public const string Informed = "informed";
    public const string InProgress = "in_progress";
    public const string Reported = "reported";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string TimedOut = "timed_out";
    public const string Cancelled = "cancelled";
    public const string Skipped = "skipped";

    /// <summary>A device is installing (counts against maxInFlight, and holds its module).</summary>
    public static readonly string[] Active = [Informed, InProgress, Reported];

    /// <summary>Not ended yet.</summary>
    public static readonly string[] Open = [Planned, Queued, Informed, InProgress, Reported];

    public static readonly string[] Terminal = [Succeeded, Failed, TimedOut, Cancelled, Skipped];

    public static bool IsTerminal(string state) => Array.IndexOf(Terminal, state) >= 0;
}

/// <summary>Campaign states.</summary>
internal static class OtaCampaignStates
{
    public const string Scheduled = "scheduled";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Cancelled = "cancelled";
    public const string Completed = "completed";
}

/// <summary>Failure classes of a task, from the progress step (seed 000 §4.1.4) or the platform's own checks.</summary>
internal static class OtaFailures
{
    public const string Upgrade = "upgrade";            // -1
    public const string Download = "download";          // -2
    public const string Verification = "verification";  // -3
    public const string Flashing = "flashing";          // -4
    public const string Device = "device";              // any other code
    public const string RolledBack = "rolled_back";     // the old version came back after step 100
    public const string NotConfirmed = "not_confirmed"; // no new version within Ota:VersionConfirmSeconds
    public const string PublishFailed = "publish_failed";

    public static string Describe(int step) => step switch
    {
        -1 => "upgrade failed",
        -2 => "download failed",
        -3 => "verification failed",
        -4 => "flashing failed",
        _ => $"failed with code {step}",
    };

    public static string ClassOf(int step) => step switch
    {
        -1 => Upgrade,
        -2 => Download,
        -3 => Verification,
        -4 => Flashing,
        _ => Device,
    };

    /// <summary>Retried by default: the device can try again safely. Never a flashing failure (a bricked device is worse than a failed one).</summary>
    public static bool Retriable(string failureClass) => failureClass is Download or Verification;
}

internal static class OtaTimeouts
{
    public const string Ack = "ack";
    public const string Stall = "stall";
    public const string Total = "total";
}
