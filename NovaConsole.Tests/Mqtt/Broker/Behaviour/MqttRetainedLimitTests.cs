using Microsoft.Extensions.Logging;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Infrastructure;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.Behaviour;

/// <summary>Retained messages live in memory for good: what nobody can read is not kept, and what is kept is bounded.</summary>
public sealed class MqttRetainedLimitTests
{
    private const MqttQualityOfService Q0 = MqttQualityOfService.AtMostOnce;
    private const MqttQualityOfService Q1 = MqttQualityOfService.AtLeastOnce;

    [Fact]
    public async Task A_message_on_a_topic_nobody_may_read_is_delivered_and_stored_by_the_product_but_not_retained()
    {
        await using var broker = new TestBroker();
        broker.Hooks.DeniedRetainTopics["uploads/dev-1"] = true;
        var early = await broker.ConnectAsync("early");
        await early.SubscribeAsync("uploads/#");
        var pub = await broker.ConnectAsync("pub");

        await pub.PublishAsync("uploads/dev-1", "reading", Q1, id: 1, retain: true);
        await pub.ExpectAsync(MqttPacketType.PubAck);

        await early.ExpectPublishAsync("uploads/dev-1", "reading", Q0);
        Assert.Contains(broker.Hooks.Published, p => p.Topic == "uploads/dev-1" && p.Retain);
        var stats = broker.Broker.GetStatistics();
        Assert.Equal((0, 1L), (stats.RetainedMessages, stats.RetainedRefused));
        var late = await broker.ConnectAsync("late");
        await late.SubscribeAsync("uploads/#");
        await late.PingBarrierAsync();
    }

    [Fact]
    public async Task Retained_messages_beyond_the_per_client_limit_are_refused_while_replacing_and_clearing_work()
    {
        await using var broker = new TestBroker(o => o.MaxRetainedMessagesPerClient = 2);
        var pub = await broker.ConnectAsync("pub");

        await pub.PublishAsync("s/a", "1", retain: true);
        await pub.PublishAsync("s/b", "1", retain: true);
        await pub.PublishAsync("s/c", "1", retain: true);   // third: refused
        await pub.PublishAsync("s/a", "2", retain: true);   // replaces its own: fine
        await pub.PublishAsync("s/b", "", retain: true);    // clears one...
        await pub.PublishAsync("s/d", "1", retain: true);   // ...which makes room
        await pub.PingBarrierAsync();
        var other = await broker.ConnectAsync("other");
        await other.PublishAsync("s/e", "1", retain: true); // the limit is per client
        await other.PingBarrierAsync();

        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("s/#");
        var retained = new[] { await sub.ReceiveAsync(), await sub.ReceiveAsync(), await sub.ReceiveAsync() }.Select(p => $"{p.Topic}={p.PayloadText}").Order();
        Assert.Equal(["s/a=2", "s/d=1", "s/e=1"], retained);
        await sub.PingBarrierAsync();
        Assert.Equal(1, broker.Broker.GetStatistics().RetainedRefused);
    }

    [Fact]
    public async Task Retained_messages_beyond_the_total_byte_limit_are_refused_but_server_publishes_are_kept()
    {
        await using var broker = new TestBroker(o => o.MaxRetainedBytes = 100);
        var pub = await broker.ConnectAsync("pub");

        await pub.PublishAsync("a", new string('x', 60), retain: true);
        await pub.PublishAsync("b", new string('y', 60), retain: true);  // 60 + 1 more would pass 100 bytes
        await pub.PublishAsync("a", new string('z', 90), retain: true);  // replacing within the limit is fine
        await pub.PingBarrierAsync();
        await broker.Broker.PublishAsync("$SYS/broker/version", new byte[200], retain: true);

        var stats = broker.Broker.GetStatistics();
        Assert.Equal((2, 1L), (stats.RetainedMessages, stats.RetainedRefused));
        Assert.Equal(91 + 19 + 200, stats.RetainedBytes);
    }

    [Fact]
    public async Task Refused_retains_are_logged_at_most_once_a_minute_with_the_count_left_out()
    {
        var log = new ListLogger();
        await using var broker = new TestBroker(o => o.MaxRetainedMessagesPerClient = 1, logger: log);
        var pub = await broker.ConnectAsync("pub");
        await pub.PublishAsync("t/0", "1", retain: true);

        for (var i = 1; i <= 5; i++) await pub.PublishAsync($"t/{i}", "1", retain: true);
        await pub.PingBarrierAsync();
        broker.Time.Advance(TimeSpan.FromSeconds(61));
        await pub.PublishAsync("t/6", "1", retain: true);
        await pub.PingBarrierAsync();

        var lines = log.Lines.Where(l => l.Contains("retain", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("4 more", lines[1]);
        Assert.Equal(6, broker.Broker.GetStatistics().RetainedRefused);
    }

    private sealed class ListLogger : ILogger<MqttBroker>
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines) return [.. _lines];
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines) _lines.Add(formatter(state, exception));
        }
    }
}
