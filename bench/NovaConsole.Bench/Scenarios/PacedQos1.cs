namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// 1,000 publishers at 10 messages/s each (10,000 msg/s in all), QoS 1, 1 subscriber: not a throughput
/// test but a latency one, at a steady load like a fleet of devices reporting. Sends are spread evenly
/// over the period (publisher i starts at i/10,000 s). A tick with its window full is skipped and counted.
/// </summary>
internal static class PacedQos1
{
    public const string Name = "paced-qos1";

    public static PubSubShape Shape(BenchOptions o) => new()
    {
        Name = Name,
        Publishers = o.Int("publishers", 1_000),
        Subscribers = o.Int("subscribers", 1),
        Qos = 1,
        PayloadBytes = o.Int("payload", 64),
        DurationSeconds = o.Duration(15, 3),
        WarmupSeconds = o.Double("warmup", o.Quick ? 1 : 2),
        DrainSeconds = o.Double("drain", 10),
        MaxMessages = o.Long("max-messages", 10_000_000),
        WindowPerPublisher = o.Int("window", 32),
        GlobalBudget = o.Long("budget", 1_000_000),
        RatePerPublisher = o.Double("rate", 10),
        BatchPerWrite = 1,
    };
}
