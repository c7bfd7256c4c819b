using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;
using static NovaConsole.Tests.Mqtt.Broker.Mqtt5.Mqtt5TestClients;

namespace NovaConsole.Tests.Mqtt.Broker.Mqtt5;

/// <summary>MQTT 5.0 PUBLISH properties forwarded, message expiry, No Local and Retain As Published (ids as in <see cref="Mqtt5ConnectTests"/>).</summary>
public sealed class Mqtt5PublishPropertiesTests
{
    private const MqttQualityOfService Qos0 = MqttQualityOfService.AtMostOnce;
    private const MqttQualityOfService Qos1 = MqttQualityOfService.AtLeastOnce;

    private static MqttProperties Request() => new()
    {
        PayloadFormatIndicator = 1,
        ContentType = "application/json",
        ResponseTopic = "reply/here",
        CorrelationData = new byte[] { 1, 2, 3 },
        UserProperties = [new("b", "2"), new("a", "1"), new("b", "3")],
        TopicAlias = 3,
    };

    [Fact]
    public async Task Publish_properties_reach_v5_subscribers_unaltered_and_in_order_MQTT_3_3_2_17_MQTT_3_3_2_18()
    {
        await using var broker = new TestBroker();
        var subscriber = await ConnectAsync(broker, "sub");
        await subscriber.SubscribeAsync(1, null, new MqttTopicSubscription("s/#", Qos1));
        var publisher = await ConnectAsync(broker, "pub");

        await publisher.PublishAsync("s/t", "{}", Request(), Qos1, id: 1);

        var p = (await subscriber.ExpectPublishAsync("s/t", "{}", Qos1)).Properties!;
        Assert.Equal((byte)1, p.PayloadFormatIndicator); // [MQTT-3.3.2-4]
        Assert.Equal("application/json", p.ContentType); // [MQTT-3.3.2-20]
        Assert.Equal("reply/here", p.ResponseTopic);
        Assert.Equal([1, 2, 3], p.CorrelationData!.Value.ToArray()); // [MQTT-3.3.2-16]
        Assert.Equal([new("b", "2"), new("a", "1"), new("b", "3")], p.UserProperties!);
        Assert.Null(p.TopicAlias); // the publisher's alias is its own connection's
        Assert.Null(p.MessageExpiryInterval);
    }

    [Fact]
    public async Task Publish_properties_are_stripped_for_mqtt_311_subscribers()
    {
        await using var broker = new TestBroker();
        var old = await broker.ConnectAsync("old");
        await old.SubscribeAsync("s/#", Qos1);
        var publisher = await ConnectAsync(broker, "pub");

        await publisher.PublishAsync("s/t", "{}", Request(), Qos1, id: 1);

        // The 3.1.1 decoder refuses anything after the packet identifier that is not payload, so the bytes are exact.
        var received = await old.ExpectPublishAsync("s/t", "{}", Qos1);
        Assert.Null(received.Properties);
    }

    [Fact]
    public async Task Expired_queued_message_is_not_delivered_MQTT_3_3_2_5()
    {
        await using var broker = new TestBroker();
        var expiry = new MqttProperties { SessionExpiryInterval = 3600 };
        var subscriber = await ConnectAsync(broker, "sub", expiry, cleanStart: false);
        await subscriber.SubscribeAsync(1, null, new MqttTopicSubscription("s/#", Qos1));
        await subscriber.DisconnectAsync(MqttReasonCode.Success);
        await subscriber.ExpectClosedAsync();
        var publisher = await ConnectAsync(broker, "pub");

        await publisher.PublishAsync("s/short", "gone", new MqttProperties { MessageExpiryInterval = 10 }, Qos1, id: 1);
        await publisher.PublishAsync("s/long", "kept", new MqttProperties { MessageExpiryInterval = 60 }, Qos1, id: 2);
        await publisher.ExpectAsync(MqttPacketType.PubAck);
        await publisher.ExpectAsync(MqttPacketType.PubAck);
        broker.Time.Advance(TimeSpan.FromSeconds(20));

        var back = await ConnectAsync(broker, "sub", expiry, cleanStart: false, expectSessionPresent: true);
        var received = await back.ExpectPublishAsync("s/long", "kept", Qos1);
        Assert.Equal(40u, received.Properties!.MessageExpiryInterval); // what is left is forwarded (§3.3.2.3.3)
        await back.SendAckAsync(MqttPacketType.PubAck, received.PacketId);
        await back.PingBarrierAsync();
    }

    [Fact]
    public async Task No_local_keeps_a_clients_own_messages_from_it_MQTT_3_8_3_3()
    {
        await using var broker = new TestBroker();
        var client = await ConnectAsync(broker, "c5");
        await client.SubscribeAsync(1, null, new MqttTopicSubscription("s/#", Qos0) { NoLocal = true });
        var other = await ConnectAsync(broker, "other");

        await client.PublishAsync("s/mine", "x", null);
        await other.PublishAsync("s/theirs", "y", null);

        await client.ExpectPublishAsync("s/theirs", "y", Qos0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Retain_as_published_keeps_the_retain_flag_on_forwarded_messages_MQTT_s_3_8_3_1(bool retainAsPublished)
    {
        await using var broker = new TestBroker();
        var subscriber = await ConnectAsync(broker, "sub");
        await subscriber.SubscribeAsync(1, null, new MqttTopicSubscription("s/#", Qos0) { RetainAsPublished = retainAsPublished });
        var publisher = await ConnectAsync(broker, "pub");

        await publisher.PublishAsync("s/t", "r", null, retain: true);

        await subscriber.ExpectPublishAsync("s/t", "r", Qos0, retain: retainAsPublished);
    }

    [Fact]
    public async Task Will_properties_travel_with_the_will()
    {
        await using var broker = new TestBroker();
        var watcher = await ConnectAsync(broker, "watcher");
        await watcher.SubscribeAsync(1, null, new MqttTopicSubscription("will/#", Qos0));
        var will = new MqttWill("will/c5", "bye"u8.ToArray(), Qos0, false) { Properties = new MqttProperties { ContentType = "text/plain" } };
        var client = await ConnectAsync(broker, "c5", will: will);

        await client.DropAsync();

        var received = await watcher.ExpectPublishAsync("will/c5", "bye", Qos0);
        Assert.Equal("text/plain", received.Properties!.ContentType);
    }

    [Fact]
    public async Task Will_waits_for_its_delay_interval_MQTT_3_1_2_8()
    {
        await using var broker = new TestBroker();
        var watcher = await ConnectAsync(broker, "watcher");
        await watcher.SubscribeAsync(1, null, new MqttTopicSubscription("will/#", Qos0));
        var will = new MqttWill("will/c5", "late"u8.ToArray(), Qos0, false) { Properties = new MqttProperties { WillDelayInterval = 10 } };
        var client = await ConnectAsync(broker, "c5", new MqttProperties { SessionExpiryInterval = 60 }, will: will);

        await client.DropAsync();
        await client.ExpectClosedAsync();
        await watcher.PingBarrierAsync(); // not yet
        broker.Time.Advance(TimeSpan.FromSeconds(10));

        await watcher.ExpectPublishAsync("will/c5", "late", Qos0);
    }

    [Fact]
    public async Task Will_is_not_sent_when_the_client_is_back_within_the_delay_MQTT_3_1_3_9()
    {
        await using var broker = new TestBroker();
        var watcher = await ConnectAsync(broker, "watcher");
        await watcher.SubscribeAsync(1, null, new MqttTopicSubscription("will/#", Qos0));
        var will = new MqttWill("will/c5", "late"u8.ToArray(), Qos0, false) { Properties = new MqttProperties { WillDelayInterval = 10 } };
        var expiry = new MqttProperties { SessionExpiryInterval = 60 };
        var client = await ConnectAsync(broker, "c5", expiry, will: will);
        await client.DropAsync();
        await client.ExpectClosedAsync();

        var back = await ConnectAsync(broker, "c5", expiry, cleanStart: false, expectSessionPresent: true);
        broker.Time.Advance(TimeSpan.FromSeconds(10));

        await watcher.PingBarrierAsync();
        await back.PingBarrierAsync();
        Assert.DoesNotContain(broker.Hooks.Received, r => r.Topic == "will/c5");
    }
}
