namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// 1 publisher, 100 subscribers on the same filter, QoS 0: every PUBLISH is copied to 100 sockets.
/// The budget counts deliveries, so one message in flight costs 100 credits.
/// </summary>
internal static class FanOutQos0
{
    public const string Name = "fanout-qos0";

    public static PubSubShape Shape(BenchOptions o) => new()
    {
        Name = Name,
        Publishers = o.Int("publishers", 1),
        Subscribers = o.Int("subscribers", 100),
        Qos = 0,
        PayloadBytes = o.Int("payload", 64),
        DurationSeconds = o.Duration(15, 3),
        WarmupSeconds = o.Double("warmup", o.Quick ? 0.5 : 1),
        DrainSeconds = o.Double("drain", 5),
        MaxMessages = o.Long("max-messages", 5_000_000),
        GlobalBudget = o.Long("budget", 2_000),
        BatchPerWrite = o.Int("batch", 8),
    };
}
