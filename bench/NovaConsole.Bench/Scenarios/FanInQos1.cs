namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// fanin-qos0's shape with QoS 1 both ways: each publisher keeps at most 32 PUBLISHes un-PUBACKed, the
/// subscriber PUBACKs every delivery, and the delivery budget still bounds the broker's backlog.
/// Every message must arrive: lost = sent - delivered must be 0.
/// </summary>
internal static class FanInQos1
{
    public const string Name = "fanin-qos1";

    public static PubSubShape Shape(BenchOptions o) => new()
    {
        Name = Name,
        Publishers = o.Int("publishers", 100),
        Subscribers = o.Int("subscribers", 1),
        Qos = 1,
        PayloadBytes = o.Int("payload", 64),
        DurationSeconds = o.Duration(15, 3),
        WarmupSeconds = o.Double("warmup", o.Quick ? 0.5 : 1),
        DrainSeconds = o.Double("drain", 10),
        MaxMessages = o.Long("max-messages", 50_000_000),
        WindowPerPublisher = o.Int("window", 32),
        GlobalBudget = o.Long("budget", 1_000),
        BatchPerWrite = o.Int("batch", 8),
    };
}
