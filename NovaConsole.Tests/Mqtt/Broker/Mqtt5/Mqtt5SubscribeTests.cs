using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;
using static NovaConsole.Tests.Mqtt.Broker.Mqtt5.Mqtt5TestClients;

namespace NovaConsole.Tests.Mqtt.Broker.Mqtt5;

/// <summary>MQTT 5.0 SUBSCRIBE/UNSUBSCRIBE reason codes and subscription options (ids as in <see cref="Mqtt5ConnectTests"/>).</summary>
public sealed class Mqtt5SubscribeTests
{
    private const MqttQualityOfService Qos0 = MqttQualityOfService.AtMostOnce;
    private const MqttQualityOfService Qos1 = MqttQualityOfService.AtLeastOnce;

    [Fact]
    public async Task Suback_tells_a_v5_client_why_a_filter_was_refused_MQTT_3_9_3_2()
    {
        await using var broker = new TestBroker();
        broker.Hooks.DeniedFilters["secret/#"] = true;
        var client = await ConnectAsync(broker, "c5");

        var codes = await client.SubscribeAsync(1, null,
            new MqttTopicSubscription("ok/#", Qos1),
            new MqttTopicSubscription("secret/#", Qos1),
            new MqttTopicSubscription("$share//t", Qos0));

        Assert.Equal([0x01, 0x87, 0x8F], codes.Select(c => (int)c));
    }

    [Fact]
    public async Task Shared_subscription_gives_each_message_to_one_member_of_its_group_MQTT_s_4_8_2()
    {
        await using var broker = new TestBroker();
        var a = await ConnectAsync(broker, "a");
        var b = await ConnectAsync(broker, "b");
        var plain = await ConnectAsync(broker, "plain");
        Assert.Equal([0x00], (await a.SubscribeAsync(1, null, new MqttTopicSubscription("$share/g/s/#", Qos0))).Select(c => (int)c));
        await b.SubscribeAsync(1, null, new MqttTopicSubscription("$share/g/s/#", Qos0));
        await plain.SubscribeAsync(1, null, new MqttTopicSubscription("s/#", Qos0));
        var publisher = await ConnectAsync(broker, "pub");

        for (var i = 0; i < 4; i++)
        {
            await publisher.PublishAsync($"s/{i}", "m", null);
        }

        await publisher.PingBarrierAsync();
        var (toA, toB, toPlain) = (await CountPublishesAsync(a), await CountPublishesAsync(b), await CountPublishesAsync(plain));
        Assert.Equal(4, toA + toB); // each message once per group
        Assert.True(toA > 0 && toB > 0, $"round robin: a got {toA}, b got {toB}");
        Assert.Equal(4, toPlain); // a non-shared subscription is independent of the group
    }

    [Fact]
    public async Task Shared_subscription_gets_no_retained_messages_MQTT_s_4_8_2()
    {
        await using var broker = new TestBroker();
        var publisher = await ConnectAsync(broker, "pub");
        await publisher.PublishAsync("r/t", "kept", null, Qos1, id: 1, retain: true);
        await publisher.ExpectAsync(MqttPacketType.PubAck);
        var member = await ConnectAsync(broker, "member");

        await member.SubscribeAsync(1, null, new MqttTopicSubscription("$share/g/r/#", Qos0));

        Assert.Equal(0, await CountPublishesAsync(member));
    }

    // PINGREQ, then count the PUBLISHes that come before PINGRESP.
    private static async Task<int> CountPublishesAsync(TestClient client)
    {
        await client.SendAsync(MqttPacketWriter.WritePingReq);
        var count = 0;
        while ((await client.ReceiveAsync()).Type == MqttPacketType.Publish)
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task Publish_carries_the_identifiers_of_every_matching_subscription_MQTT_3_3_4_4()
    {
        await using var broker = new TestBroker();
        var client = await ConnectAsync(broker, "c5");
        await client.SubscribeAsync(1, new MqttProperties { SubscriptionIdentifiers = [7] }, new MqttTopicSubscription("s/#", Qos0));
        await client.SubscribeAsync(2, new MqttProperties { SubscriptionIdentifiers = [300] }, new MqttTopicSubscription("s/+", Qos0));
        await client.SubscribeAsync(3, null, new MqttTopicSubscription("s/x", Qos0));
        var publisher = await ConnectAsync(broker, "pub");

        await publisher.PublishAsync("s/x", "m", new MqttProperties { ContentType = "text/plain" });

        var received = await client.ExpectPublishAsync("s/x", "m", Qos0);
        Assert.Equal([7, 300], received.Properties!.SubscriptionIdentifiers!.Order());
        Assert.Equal("text/plain", received.Properties.ContentType);
    }

    [Fact]
    public async Task Retained_message_sent_at_subscribe_carries_the_subscription_identifier_MQTT_3_3_4_3()
    {
        await using var broker = new TestBroker();
        var publisher = await ConnectAsync(broker, "pub");
        await publisher.PublishAsync("r/t", "kept", null, Qos1, id: 1, retain: true);
        await publisher.ExpectAsync(MqttPacketType.PubAck);
        var client = await ConnectAsync(broker, "c5");

        await client.SubscribeAsync(1, new MqttProperties { SubscriptionIdentifiers = [42] }, new MqttTopicSubscription("r/#", Qos0));

        var received = await client.ExpectPublishAsync("r/t", "kept", Qos0, retain: true);
        Assert.Equal([42], received.Properties!.SubscriptionIdentifiers!);
    }

    [Fact]
    public async Task Unsuback_has_one_reason_code_per_filter_in_order_MQTT_3_11_3_1()
    {
        await using var broker = new TestBroker();
        var client = await ConnectAsync(broker, "c5");
        await client.SubscribeAsync(1, null, new MqttTopicSubscription("a/#", Qos0));

        await client.SendAsync(w => new MqttUnsubscribePacket(2, ["x/y", "a/#"]).WriteTo(w, V5));

        var ack = await client.ExpectAsync(MqttPacketType.UnsubAck);
        Assert.Equal([MqttReasonCode.NoSubscriptionExisted, MqttReasonCode.Success], ack.ReasonCodes!);
    }

    [Fact]
    public async Task Refused_publish_is_acknowledged_with_0x87_MQTT_3_4_2_1()
    {
        await using var broker = new TestBroker();
        broker.Hooks.DeniedPublishTopics["no/t"] = true;
        var client = await ConnectAsync(broker, "c5");

        await client.PublishAsync("no/t", "x", null, Qos1, id: 5);

        var ack = await client.ExpectAsync(MqttPacketType.PubAck);
        Assert.Equal((5, MqttReasonCode.NotAuthorized), (ack.PacketId, ack.Reason));
    }

    [Theory]
    [InlineData(0, 2)] // sent at every subscribe [MQTT-3.3.1-9]
    [InlineData(1, 1)] // only when the subscription is new [MQTT-3.3.1-10]
    [InlineData(2, 0)] // never [MQTT-3.3.1-11]
    public async Task Retain_handling_decides_when_retained_messages_are_sent_MQTT_3_3_1_10(byte retainHandling, int expected)
    {
        await using var broker = new TestBroker();
        var publisher = await ConnectAsync(broker, "pub");
        await publisher.PublishAsync("r/t", "kept", null, Qos1, id: 1, retain: true);
        await publisher.ExpectAsync(MqttPacketType.PubAck);
        var client = await ConnectAsync(broker, "c5");

        var received = 0;
        for (ushort id = 1; id <= 2; id++)
        {
            await client.SubscribeAsync(id, null, new MqttTopicSubscription("r/#", Qos0) { RetainHandling = retainHandling });
            await client.SendAsync(MqttPacketWriter.WritePingReq);
            while ((await client.ReceiveAsync()).Type == MqttPacketType.Publish)
            {
                received++;
            }
        }

        Assert.Equal(expected, received);
    }
}
