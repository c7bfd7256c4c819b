using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.Behaviour;

public sealed class MqttSubscribeTests
{
    private const MqttQualityOfService Q0 = MqttQualityOfService.AtMostOnce;
    private const MqttQualityOfService Q1 = MqttQualityOfService.AtLeastOnce;
    private const MqttQualityOfService Q2 = MqttQualityOfService.ExactlyOnce;

    [Fact]
    public async Task Suback_grants_each_filter_in_order_and_refuses_denied_ones_with_0x80()
    {
        await using var broker = new TestBroker();
        broker.Hooks.DeniedFilters["private/#"] = true;
        var client = await broker.ConnectAsync("c");

        var codes = await client.SubscribeAsync(4, ("a/#", Q2), ("private/#", Q1), ("b", Q0));

        Assert.Equal([MqttSubscribeReturnCode.GrantedQoS2, MqttSubscribeReturnCode.Failure, MqttSubscribeReturnCode.GrantedQoS0], codes);
        Assert.Equal(1, broker.Broker.GetStatistics().SubscriptionsRefused);
        Assert.Equal(["a/#", "b"], Assert.Single(broker.Broker.GetClients()).Subscriptions.Select(s => s.Filter));
    }

    [Fact]
    public async Task Filters_over_the_topic_limits_get_0x80()
    {
        await using var broker = new TestBroker(o => o.MaxTopicLevels = 2);
        var client = await broker.ConnectAsync("c");
        Assert.Equal([MqttSubscribeReturnCode.Failure, MqttSubscribeReturnCode.GrantedQoS1], await client.SubscribeAsync(2, ("a/b/c", Q1), ("a/b", Q1)));
    }

    [Fact]
    public async Task Filters_longer_than_the_filter_length_limit_get_0x80()
    {
        await using var broker = new TestBroker();
        var client = await broker.ConnectAsync("c");

        var codes = await client.SubscribeAsync(3, (new string('f', 1025), Q0), (new string('f', 1024), Q0), ("a/" + new string('é', 600), Q0));

        // 1,024 UTF-8 bytes by default (Mqtt:MaxTopicFilterLength); 'é' is two bytes.
        Assert.Equal([MqttSubscribeReturnCode.Failure, MqttSubscribeReturnCode.GrantedQoS0, MqttSubscribeReturnCode.Failure], codes);
        Assert.Equal(2, broker.Broker.GetStatistics().SubscriptionsRefused);
    }

    [Fact]
    public async Task Statistics_count_the_memory_sessions_hold_in_filters_and_queued_messages()
    {
        await using var broker = new TestBroker();
        var sub = await broker.ConnectAsync("sub", cleanSession: false);
        await sub.SubscribeAsync(1, ("alerts/#", Q1), ("status/+/now", Q0));
        await sub.DisconnectAsync();
        await sub.ExpectClosedAsync(); // the session is detached: what follows is queued
        await broker.Broker.PublishAsync("alerts/fire", "12345"u8.ToArray(), Q1);
        await broker.Broker.PublishAsync("alerts/flood", "1234567890"u8.ToArray(), Q1);

        var offline = broker.Broker.GetStatistics();
        var back = await broker.ConnectAsync("sub", cleanSession: false, expectSessionPresent: true);
        await back.ExpectPublishAsync("alerts/fire", "12345", Q1);
        await back.ExpectPublishAsync("alerts/flood", "1234567890", Q1);
        var drained = broker.Broker.GetStatistics();

        Assert.Equal(("alerts/#".Length + "status/+/now".Length) * sizeof(char), offline.SubscriptionBytes);
        Assert.Equal((2L, "alerts/fire".Length + 5L + "alerts/flood".Length + 10L), (offline.QueuedMessages, offline.QueuedMessageBytes));
        Assert.Equal((0L, 0L), (drained.QueuedMessages, drained.QueuedMessageBytes));
    }

    [Fact]
    public async Task Subscriptions_beyond_the_per_client_limit_get_0x80_but_replacing_one_is_allowed()
    {
        await using var broker = new TestBroker(o => o.MaxSubscriptionsPerClient = 2);
        var client = await broker.ConnectAsync("c");
        var codes = await client.SubscribeAsync(1, ("a", Q0), ("b", Q0), ("c", Q0));
        Assert.Equal([MqttSubscribeReturnCode.GrantedQoS0, MqttSubscribeReturnCode.GrantedQoS0, MqttSubscribeReturnCode.Failure], codes);
        Assert.Equal([MqttSubscribeReturnCode.GrantedQoS1], await client.SubscribeAsync(2, ("a", Q1)));
    }

    [Fact]
    public async Task Overlapping_subscriptions_deliver_once_at_the_highest_granted_qos()
    {
        await using var broker = new TestBroker();
        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync(1, ("home/#", Q0), ("home/+/temp", Q1), ("home/kitchen/temp", Q0));
        await broker.Broker.PublishAsync("home/kitchen/temp", "21"u8.ToArray(), Q2);

        await sub.ExpectPublishAsync("home/kitchen/temp", "21", Q1);
        await sub.PingBarrierAsync();
    }

    [Fact]
    public async Task Unsubscribe_is_always_acknowledged_and_stops_delivery()
    {
        await using var broker = new TestBroker();
        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("t");
        var unsubscribe = new MqttUnsubscribePacket(8, ["t", "never-subscribed"]);
        await sub.SendAsync(w => unsubscribe.WriteTo(w, MqttProtocolVersion.V311));
        Assert.Equal(8, (await sub.ExpectAsync(MqttPacketType.UnsubAck)).PacketId);

        await broker.Broker.PublishAsync("t", "x"u8.ToArray());
        await sub.PingBarrierAsync();
        Assert.Equal(0, broker.Broker.GetStatistics().Subscriptions);
    }

    [Fact]
    public async Task Retained_messages_are_sent_with_retain_set_to_new_subscribers_after_the_suback()
    {
        await using var broker = new TestBroker();
        var pub = await broker.ConnectAsync("pub");
        await pub.PublishAsync("status/a", "on", Q1, id: 1, retain: true);
        await pub.ExpectAsync(MqttPacketType.PubAck);
        await pub.PublishAsync("status/b", "off", Q0, retain: true);
        await pub.PingBarrierAsync();

        var sub = await broker.ConnectAsync("sub");
        Assert.Equal([MqttSubscribeReturnCode.GrantedQoS2], await sub.SubscribeAsync("status/+", Q2));
        var received = new[] { await sub.ReceiveAsync(), await sub.ReceiveAsync() }.OrderBy(p => p.Topic).ToArray();
        Assert.Equal(("status/a", "on", Q1, true), (received[0].Topic, received[0].PayloadText, received[0].Qos, received[0].Retain));
        Assert.Equal(("status/b", "off", Q0, true), (received[1].Topic, received[1].PayloadText, received[1].Qos, received[1].Retain));

        // Existing subscribers get RETAIN=0 [MQTT-3.3.1-9].
        await pub.PublishAsync("status/b", "on", Q0, retain: true);
        await sub.ExpectPublishAsync("status/b", "on", Q0, retain: false);
    }

    [Fact]
    public async Task An_empty_retained_payload_clears_the_retained_message()
    {
        await using var broker = new TestBroker();
        var pub = await broker.ConnectAsync("pub");
        await pub.PublishAsync("s", "value", retain: true);
        await pub.PublishAsync("s", "", retain: true);
        await pub.PingBarrierAsync();
        Assert.Equal(0, broker.Broker.GetStatistics().RetainedMessages);

        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("s");
        await sub.PingBarrierAsync();
    }

    [Fact]
    public async Task A_retained_message_is_replaced_by_the_next_one()
    {
        await using var broker = new TestBroker();
        await broker.Broker.PublishAsync("s", "1"u8.ToArray(), retain: true);
        await broker.Broker.PublishAsync("s", "2"u8.ToArray(), retain: true);
        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("s");
        await sub.ExpectPublishAsync("s", "2", Q0, retain: true);
        await sub.PingBarrierAsync();
    }

    [Fact]
    public async Task Replacing_an_identical_subscription_resends_retained_messages()
    {
        // MQTT 3.1.1 §3.8.4 [MQTT-3.8.4-3]: "Any existing retained messages matching the Topic Filter MUST be re-sent".
        await using var broker = new TestBroker();
        await broker.Broker.PublishAsync("cfg", "v"u8.ToArray(), Q1, retain: true);
        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("cfg", Q0);
        await sub.ExpectPublishAsync("cfg", "v", Q0, retain: true);
        await sub.SubscribeAsync("cfg", Q1);
        await sub.ExpectPublishAsync("cfg", "v", Q1, retain: true);
        Assert.Equal(1, broker.Broker.GetStatistics().Subscriptions);
    }

    [Fact]
    public async Task Wildcard_filters_do_not_match_dollar_topics_but_sys_filters_do()
    {
        await using var broker = new TestBroker();
        var all = await broker.ConnectAsync("all");
        await all.SubscribeAsync("#");
        var sys = await broker.ConnectAsync("sys");
        await sys.SubscribeAsync("$SYS/#");

        await broker.Broker.PublishAsync("$SYS/broker/uptime", "1"u8.ToArray());
        await sys.ExpectPublishAsync("$SYS/broker/uptime", "1", Q0);
        await all.PingBarrierAsync();
    }
}
