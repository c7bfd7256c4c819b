using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;
using static NovaConsole.Tests.Mqtt.Broker.Mqtt5.Mqtt5TestClients;

namespace NovaConsole.Tests.Mqtt.Broker.Mqtt5;

/// <summary>MQTT 5.0 topic aliases, receive maximum, maximum packet size and session expiry (ids as in <see cref="Mqtt5ConnectTests"/>).</summary>
public sealed class Mqtt5FlowControlTests
{
    private const MqttQualityOfService Qos0 = MqttQualityOfService.AtMostOnce;
    private const MqttQualityOfService Qos1 = MqttQualityOfService.AtLeastOnce;
    private const MqttQualityOfService Qos2 = MqttQualityOfService.ExactlyOnce;

    [Fact]
    public async Task Topic_alias_set_with_a_topic_is_used_by_a_publish_with_an_empty_topic_MQTT_3_3_2_12()
    {
        await using var broker = new TestBroker();
        var subscriber = await ConnectAsync(broker, "sub");
        await subscriber.SubscribeAsync(1, null, new MqttTopicSubscription("s/#", Qos0));
        var publisher = await ConnectAsync(broker, "pub");

        await publisher.PublishAsync("s/long/topic", "one", new MqttProperties { TopicAlias = 16 });
        await publisher.PublishAsync("", "two", new MqttProperties { TopicAlias = 16 });

        await subscriber.ExpectPublishAsync("s/long/topic", "one", Qos0);
        await subscriber.ExpectPublishAsync("s/long/topic", "two", Qos0);
    }

    [Theory]
    [InlineData(17)] // above the Topic Alias Maximum of 16 [MQTT-3.3.2-9]
    [InlineData(0)] // [MQTT-3.3.2-8]
    public async Task Topic_alias_outside_the_maximum_gets_disconnect_0x94_MQTT_3_3_2_9(ushort alias)
    {
        await using var broker = new TestBroker();
        var publisher = await ConnectAsync(broker, "pub");

        await publisher.PublishAsync("s/t", "x", new MqttProperties { TopicAlias = alias });

        Assert.Equal(MqttReasonCode.TopicAliasInvalid, (await publisher.ExpectServerDisconnectAsync()).Reason);
    }

    [Fact]
    public async Task Topic_aliases_are_not_carried_to_a_new_connection_MQTT_3_3_2_7()
    {
        await using var broker = new TestBroker();
        var first = await ConnectAsync(broker, "pub");
        await first.PublishAsync("s/t", "x", new MqttProperties { TopicAlias = 1 });
        await first.DisconnectAsync(MqttReasonCode.Success);
        await first.ExpectClosedAsync();

        var second = await ConnectAsync(broker, "pub");
        await second.PublishAsync("", "y", new MqttProperties { TopicAlias = 1 });

        Assert.Equal(MqttReasonCode.ProtocolError, (await second.ExpectServerDisconnectAsync()).Reason);
    }

    [Fact]
    public async Task Server_sends_no_more_than_the_clients_receive_maximum_MQTT_3_3_4_9()
    {
        await using var broker = new TestBroker();
        var subscriber = await ConnectAsync(broker, "sub", new MqttProperties { ReceiveMaximum = 1 });
        await subscriber.SubscribeAsync(1, null, new MqttTopicSubscription("s/#", Qos1));
        var publisher = await ConnectAsync(broker, "pub");

        await publisher.PublishAsync("s/1", "a", null, Qos1, id: 1);
        await publisher.PublishAsync("s/2", "b", null, Qos1, id: 2);
        await publisher.ExpectAsync(MqttPacketType.PubAck);
        await publisher.ExpectAsync(MqttPacketType.PubAck);

        var first = await subscriber.ExpectPublishAsync("s/1", "a", Qos1);
        await subscriber.PingBarrierAsync(); // nothing else may come before the first is acknowledged
        await subscriber.SendAckAsync(MqttPacketType.PubAck, first.PacketId);
        await subscriber.ExpectPublishAsync("s/2", "b", Qos1);
    }

    [Fact]
    public async Task Client_over_our_receive_maximum_gets_disconnect_0x93_MQTT_3_3_4_7()
    {
        await using var broker = new TestBroker(o => o.MaxPendingAcknowledgements = 2);
        var publisher = await ConnectAsync(broker, "pub");

        // QoS 2 messages stay unacknowledged (for Receive Maximum) until PUBCOMP; none is released here.
        for (ushort id = 1; id <= 3; id++)
        {
            await publisher.PublishAsync("s/t", "x", null, Qos2, id);
        }

        var trailing = await publisher.ExpectClosedAsync();
        Assert.Equal(2, trailing.Count(p => p.Type == MqttPacketType.PubRec));
        Assert.Equal(MqttReasonCode.ReceiveMaximumExceeded, Assert.Single(trailing, p => p.Type == MqttPacketType.Disconnect).Reason);
    }

    [Fact]
    public async Task Message_larger_than_the_clients_maximum_packet_size_is_skipped_MQTT_3_1_2_25()
    {
        await using var broker = new TestBroker();
        var subscriber = await ConnectAsync(broker, "sub", new MqttProperties { MaximumPacketSize = 64 });
        await subscriber.SubscribeAsync(1, null, new MqttTopicSubscription("s/#", Qos1));
        var publisher = await ConnectAsync(broker, "pub");

        await publisher.PublishAsync("s/big", new string('x', 100), null, Qos1, id: 1);
        await publisher.PublishAsync("s/small", "ok", null, Qos1, id: 2);

        var received = await subscriber.ExpectPublishAsync("s/small", "ok", Qos1);
        await subscriber.SendAckAsync(MqttPacketType.PubAck, received.PacketId);
        await subscriber.PingBarrierAsync();
        Assert.Equal(0, Assert.Single(broker.Broker.GetClients(), c => c.ClientId == "sub").InflightMessages);
    }

    [Fact]
    public async Task Session_expiry_0_ends_the_session_with_the_connection_MQTT_3_1_2_23()
    {
        await using var broker = new TestBroker();
        var client = await ConnectAsync(broker, "c5", new MqttProperties { SessionExpiryInterval = 0 }, cleanStart: false);
        await client.SubscribeAsync(1, null, new MqttTopicSubscription("s/#", Qos1));
        await client.DisconnectAsync(MqttReasonCode.Success);
        await client.ExpectClosedAsync();

        await ConnectAsync(broker, "c5", cleanStart: false, expectSessionPresent: false);
    }

    [Fact]
    public async Task Session_outlives_the_connection_for_its_expiry_interval_and_no_longer_MQTT_3_1_2_23()
    {
        await using var broker = new TestBroker();
        var expiry = new MqttProperties { SessionExpiryInterval = 60 };
        var client = await ConnectAsync(broker, "c5", expiry, cleanStart: false);
        await client.DisconnectAsync(MqttReasonCode.Success);
        await client.ExpectClosedAsync();

        var again = await ConnectAsync(broker, "c5", expiry, cleanStart: false, expectSessionPresent: true);
        await again.DisconnectAsync(MqttReasonCode.Success);
        await again.ExpectClosedAsync();
        broker.Time.Advance(TimeSpan.FromSeconds(61));

        await ConnectAsync(broker, "c5", expiry, cleanStart: false, expectSessionPresent: false);
    }

    [Fact]
    public async Task Session_expiry_is_capped_by_the_broker_setting_and_the_connack_says_so_MQTT_s_3_2_2_3_2()
    {
        await using var broker = new TestBroker(o => o.PersistentSessionExpiryHours = 1);

        var (_, ack) = await OpenAsync(broker, "c5", new MqttProperties { SessionExpiryInterval = uint.MaxValue });

        Assert.Equal(3600u, ack.Properties!.SessionExpiryInterval);
    }
}
