using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.Behaviour;

public sealed class MqttPublishFlowTests
{
    private const MqttQualityOfService Q0 = MqttQualityOfService.AtMostOnce;
    private const MqttQualityOfService Q1 = MqttQualityOfService.AtLeastOnce;
    private const MqttQualityOfService Q2 = MqttQualityOfService.ExactlyOnce;

    [Fact]
    public async Task Qos0_publish_is_delivered_at_qos0_without_acknowledgements()
    {
        await using var broker = new TestBroker();
        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("a/+", Q2);
        var pub = await broker.ConnectAsync("pub");

        await pub.PublishAsync("a/b", "zero");
        await pub.PingBarrierAsync();

        var message = await sub.ExpectPublishAsync("a/b", "zero", Q0);
        Assert.Equal(0, message.PacketId);
        await sub.PingBarrierAsync();
    }

    [Fact]
    public async Task Qos1_publish_is_acknowledged_and_delivered_at_qos1_until_puback()
    {
        await using var broker = new TestBroker();
        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("a/b", Q1);
        var pub = await broker.ConnectAsync("pub");

        await pub.PublishAsync("a/b", "one", Q1, id: 7);
        Assert.Equal(7, (await pub.ExpectAsync(MqttPacketType.PubAck)).PacketId);

        var delivered = await sub.ExpectPublishAsync("a/b", "one", Q1);
        Assert.NotEqual(0, delivered.PacketId);
        Assert.Equal(1, Assert.Single(broker.Broker.GetClients(), c => c.ClientId == "sub").InflightMessages);
        await sub.SendAckAsync(MqttPacketType.PubAck, delivered.PacketId);
        await sub.PingBarrierAsync();
        Assert.Equal(0, Assert.Single(broker.Broker.GetClients(), c => c.ClientId == "sub").InflightMessages);
    }

    [Fact]
    public async Task Qos2_inbound_flow_is_publish_pubrec_pubrel_pubcomp()
    {
        await using var broker = new TestBroker();
        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("x", Q2);
        var pub = await broker.ConnectAsync("pub");

        await pub.PublishAsync("x", "two", Q2, id: 9);
        Assert.Equal(9, (await pub.ExpectAsync(MqttPacketType.PubRec)).PacketId);
        await pub.SendAckAsync(MqttPacketType.PubRel, 9);
        Assert.Equal(9, (await pub.ExpectAsync(MqttPacketType.PubComp)).PacketId);

        // Outbound: PUBLISH, PUBREC from the subscriber, PUBREL from the broker, PUBCOMP from the subscriber.
        var delivered = await sub.ExpectPublishAsync("x", "two", Q2);
        await sub.SendAckAsync(MqttPacketType.PubRec, delivered.PacketId);
        Assert.Equal(delivered.PacketId, (await sub.ExpectAsync(MqttPacketType.PubRel)).PacketId);
        await sub.SendAckAsync(MqttPacketType.PubComp, delivered.PacketId);
        await sub.PingBarrierAsync();
        Assert.Equal(0, Assert.Single(broker.Broker.GetClients(), c => c.ClientId == "sub").InflightMessages);
    }

    [Fact]
    public async Task A_duplicate_qos2_publish_before_pubrel_is_not_delivered_twice()
    {
        await using var broker = new TestBroker();
        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("x", Q0);
        var pub = await broker.ConnectAsync("pub");

        await pub.PublishAsync("x", "once", Q2, id: 5);
        await pub.ExpectAsync(MqttPacketType.PubRec);
        await pub.PublishAsync("x", "once", Q2, id: 5, dup: true);
        Assert.Equal(5, (await pub.ExpectAsync(MqttPacketType.PubRec)).PacketId);
        await pub.SendAckAsync(MqttPacketType.PubRel, 5);
        await pub.ExpectAsync(MqttPacketType.PubComp);

        await sub.ExpectPublishAsync("x", "once", Q0);
        await sub.PingBarrierAsync();
        Assert.Single(broker.Hooks.Published);

        // After PUBREL the identifier is free again: a new message with it is delivered.
        await pub.PublishAsync("x", "again", Q2, id: 5);
        await pub.ExpectAsync(MqttPacketType.PubRec);
        await sub.ExpectPublishAsync("x", "again", Q0);
    }

    [Fact]
    public async Task Delivery_qos_is_the_lower_of_published_and_granted()
    {
        await using var broker = new TestBroker();
        var low = await broker.ConnectAsync("low");
        await low.SubscribeAsync("t", Q0);
        var high = await broker.ConnectAsync("high");
        await high.SubscribeAsync("t", Q2);
        var pub = await broker.ConnectAsync("pub");

        await pub.PublishAsync("t", "m", Q1, id: 1);
        await pub.ExpectAsync(MqttPacketType.PubAck);

        await low.ExpectPublishAsync("t", "m", Q0);
        await high.ExpectPublishAsync("t", "m", Q1);
    }

    [Fact]
    public async Task A_refused_publish_is_acknowledged_dropped_and_counted()
    {
        await using var broker = new TestBroker();
        broker.Hooks.DeniedPublishTopics["secret"] = true;
        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("#", Q2);
        var pub = await broker.ConnectAsync("pub");

        await pub.PublishAsync("secret", "q0");
        await pub.PublishAsync("secret", "q1", Q1, id: 1);
        Assert.Equal(1, (await pub.ExpectAsync(MqttPacketType.PubAck)).PacketId);
        await pub.PublishAsync("secret", "q2", Q2, id: 2);
        Assert.Equal(2, (await pub.ExpectAsync(MqttPacketType.PubRec)).PacketId);
        await pub.SendAckAsync(MqttPacketType.PubRel, 2);
        Assert.Equal(2, (await pub.ExpectAsync(MqttPacketType.PubComp)).PacketId);

        await sub.PingBarrierAsync();
        Assert.Empty(broker.Hooks.Published);
        Assert.Equal(3, broker.Broker.GetStatistics().PublishesRefused);
    }

    [Fact]
    public async Task Clients_may_not_publish_to_dollar_topics()
    {
        await using var broker = new TestBroker();
        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("$SYS/#", Q0);
        var pub = await broker.ConnectAsync("pub");

        await pub.PublishAsync("$SYS/broker/fake", "x", Q1, id: 1);
        await pub.ExpectAsync(MqttPacketType.PubAck);

        await sub.PingBarrierAsync();
        Assert.Equal(1, broker.Broker.GetStatistics().PublishesRefused);
    }

    [Fact]
    public async Task A_publish_over_the_topic_level_limit_is_refused()
    {
        await using var broker = new TestBroker(o => o.MaxTopicLevels = 3);
        var pub = await broker.ConnectAsync("pub");
        await pub.PublishAsync("a/b/c/d", "x", Q1, id: 1);
        await pub.ExpectAsync(MqttPacketType.PubAck);
        Assert.Equal(1, broker.Broker.GetStatistics().PublishesRefused);
    }

    [Fact]
    public async Task A_wildcard_in_a_publish_topic_closes_the_connection()
    {
        await using var broker = new TestBroker();
        var pub = await broker.ConnectAsync("pub");
        await pub.SendRawAsync(0x30, 6, 0, 3, (byte)'a', (byte)'/', (byte)'+', (byte)'x'); // the writer refuses to build it
        Assert.Empty(await pub.ExpectClosedAsync());
    }

    [Fact]
    public async Task Qos1_puback_waits_until_the_product_has_stored_the_message()
    {
        await using var broker = new TestBroker();
        broker.Hooks.StoreGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pub = await broker.ConnectAsync("pub");

        await pub.PublishAsync("telemetry", "42", Q1, id: 11);
        var ack = pub.ExpectAsync(MqttPacketType.PubAck);
        await Task.Delay(50); // a bounded look for a premature PUBACK; the assertion below does not depend on timing
        Assert.False(ack.IsCompleted);
        Assert.Empty(broker.Hooks.Published);

        broker.Hooks.StoreGate.SetResult();
        Assert.Equal(11, (await ack).PacketId);
        Assert.Equal("42", System.Text.Encoding.UTF8.GetString(Assert.Single(broker.Hooks.Published).Payload));
    }

    [Fact]
    public async Task The_product_hears_every_authorized_publish_with_topic_payload_and_qos()
    {
        await using var broker = new TestBroker();
        var pub = await broker.ConnectAsync("dev-1");
        await pub.PublishAsync("devices/dev-1/t", "0");
        await pub.PublishAsync("devices/dev-1/t", "1", Q1, id: 1, retain: true);
        await pub.ExpectAsync(MqttPacketType.PubAck);
        Assert.Equal(
            [new("dev-1", "devices/dev-1/t", "0"u8.ToArray(), Q0, false), new("dev-1", "devices/dev-1/t", "1"u8.ToArray(), Q1, true)],
            broker.Hooks.Published.Select(p => p with { Payload = p.Payload }).ToList(),
            new PublishedComparer());
    }

    [Fact]
    public async Task Outbound_messages_beyond_the_inflight_window_wait_for_acknowledgements_in_order()
    {
        await using var broker = new TestBroker(o => o.MaxInflightMessages = 2);
        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("t", Q1);
        for (var i = 1; i <= 4; i++)
        {
            await broker.Broker.PublishAsync("t", System.Text.Encoding.UTF8.GetBytes($"m{i}"), Q1);
        }

        var m1 = await sub.ExpectPublishAsync("t", "m1", Q1);
        await sub.ExpectPublishAsync("t", "m2", Q1);
        await sub.PingBarrierAsync(); // m3 waits: the window of 2 is full
        await sub.SendAckAsync(MqttPacketType.PubAck, m1.PacketId);
        await sub.ExpectPublishAsync("t", "m3", Q1);
        await sub.PingBarrierAsync();
    }

    private sealed class PublishedComparer : IEqualityComparer<PublishedRecord>
    {
        public bool Equals(PublishedRecord? x, PublishedRecord? y) =>
            x is not null && y is not null && (x.ClientId, x.Topic, x.Qos, x.Retain) == (y.ClientId, y.Topic, y.Qos, y.Retain) && x.Payload.SequenceEqual(y.Payload);

        public int GetHashCode(PublishedRecord obj) => obj.Topic.GetHashCode();
    }
}
