namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// 100 publishers, 1 subscriber on devices/+/telemetry, QoS 0, 64-byte payloads. Publishers are paced by a
/// global delivery budget (published - delivered below N), so the subscriber keeps up and nothing is dropped:
/// the result is the rate the broker routes many-to-one without building a backlog.
/// </summary>
internal static class FanInQos0
{
    public const string Name = "fanin-qos0";

    public static PubSubShape Shape(BenchOptions o) => new()
    {
        Name = Name,
        Publishers = o.Int("publishers", 100),
        Subscribers = o.Int("subscribers", 1),
        Qos = 0,
        PayloadBytes = o.Int("payload", 64),
        DurationSeconds = o.Duration(15, 3),
        WarmupSeconds = o.Double("warmup", o.Quick ? 0.5 : 1),
        DrainSeconds = o.Double("drain", 5),
        MaxMessages = o.Long("max-messages", 50_000_000),
        GlobalBudget = o.Long("budget", 1_000),
        BatchPerWrite = o.Int("batch", 8),
    };
}
