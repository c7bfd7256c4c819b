namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// The shape of a publish/subscribe run: who publishes, who listens, how hard, for how long.
/// Every publisher sends to <c>devices/pub-N/telemetry</c>; every subscriber holds <c>devices/+/telemetry</c>.
/// </summary>
internal sealed record PubSubShape
{
    public required string Name { get; init; }
    public int Publishers { get; init; } = 1;
    public int Subscribers { get; init; } = 1;
    public int Qos { get; init; }
    public int PayloadBytes { get; init; } = 64;
    public double DurationSeconds { get; init; } = 10;
    public double WarmupSeconds { get; init; } = 1;
    public double DrainSeconds { get; init; } = 10;

    /// <summary>Hard cap on messages published, whatever the duration.</summary>
    public long MaxMessages { get; init; } = 50_000_000;

    /// <summary>QoS 1: PUBLISHes a publisher may have un-PUBACKed. 0 = no window.</summary>
    public int WindowPerPublisher { get; init; }

    /// <summary>Deliveries outstanding across the run (published x subscribers - delivered) before publishers wait.</summary>
    public long GlobalBudget { get; init; } = 2_000;

    /// <summary>Fast mode: PUBLISH packets a publisher packs into one write.</summary>
    public int BatchPerWrite { get; init; } = 8;

    /// <summary>Messages per second per publisher; 0 = as fast as the budgets allow.</summary>
    public double RatePerPublisher { get; init; }

    public string TopicFilter { get; init; } = "devices/+/telemetry";

    public static string TopicOf(int publisher) => $"devices/pub-{publisher}/telemetry";
}
