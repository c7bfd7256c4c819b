using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.Behaviour;

public sealed class MqttSessionTests
{
    private const MqttQualityOfService Q0 = MqttQualityOfService.AtMostOnce;
    private const MqttQualityOfService Q1 = MqttQualityOfService.AtLeastOnce;
    private const MqttQualityOfService Q2 = MqttQualityOfService.ExactlyOnce;

    [Fact]
    public async Task A_persistent_session_keeps_subscriptions_and_queues_qos1_and_qos2_while_away()
    {
        await using var broker = new TestBroker();
        var sub = await broker.ConnectAsync("p", cleanSession: false);
        await sub.SubscribeAsync("t", Q2);
        await sub.DisconnectAsync();
        await sub.ExpectClosedAsync();

        var pub = await broker.ConnectAsync("pub");
        await pub.PublishAsync("t", "lost", Q0);
        await pub.PublishAsync("t", "q1", Q1, id: 1);
        await pub.ExpectAsync(MqttPacketType.PubAck);
        await pub.PublishAsync("t", "q2", Q2, id: 2);
        await pub.ExpectAsync(MqttPacketType.PubRec);
        Assert.Equal(2, broker.Broker.GetStatistics().QueuedMessages);

        var back = await broker.ConnectAsync("p", cleanSession: false, expectSessionPresent: true);
        await back.ExpectPublishAsync("t", "q1", Q1);
        await back.ExpectPublishAsync("t", "q2", Q2);
        await back.PingBarrierAsync();
        Assert.Equal(0, broker.Broker.GetStatistics().QueuedMessages);
    }

    [Fact]
    public async Task Unacknowledged_publishes_are_resent_with_dup_and_pending_pubrel_is_resent_on_reconnect_in_order()
    {
        await using var broker = new TestBroker();
        var sub = await broker.ConnectAsync("p", cleanSession: false);
        await sub.SubscribeAsync("t", Q2);
        await broker.Broker.PublishAsync("t", "a"u8.ToArray(), Q2);
        await broker.Broker.PublishAsync("t", "b"u8.ToArray(), Q1);
        await broker.Broker.PublishAsync("t", "c"u8.ToArray(), Q2);

        var a = await sub.ExpectPublishAsync("t", "a", Q2);
        var b = await sub.ExpectPublishAsync("t", "b", Q1);
        var c = await sub.ExpectPublishAsync("t", "c", Q2);
        await sub.SendAckAsync(MqttPacketType.PubRec, a.PacketId);
        Assert.Equal(a.PacketId, (await sub.ExpectAsync(MqttPacketType.PubRel)).PacketId);
        await sub.DropAsync();
        await sub.ExpectClosedAsync();

        var back = await broker.ConnectAsync("p", cleanSession: false, expectSessionPresent: true);
        Assert.Equal(a.PacketId, (await back.ExpectAsync(MqttPacketType.PubRel)).PacketId);
        Assert.Equal(b.PacketId, (await back.ExpectPublishAsync("t", "b", Q1, dup: true)).PacketId);
        Assert.Equal(c.PacketId, (await back.ExpectPublishAsync("t", "c", Q2, dup: true)).PacketId);
        await back.SendAckAsync(MqttPacketType.PubComp, a.PacketId);
        await back.SendAckAsync(MqttPacketType.PubAck, b.PacketId);
        await back.SendAckAsync(MqttPacketType.PubRec, c.PacketId);
        Assert.Equal(c.PacketId, (await back.ExpectAsync(MqttPacketType.PubRel)).PacketId);
        await back.SendAckAsync(MqttPacketType.PubComp, c.PacketId);
        await back.PingBarrierAsync();
        Assert.Equal(0, Assert.Single(broker.Broker.GetClients()).InflightMessages);
    }

    [Fact]
    public async Task A_clean_session_discards_subscriptions_and_queue_on_disconnect()
    {
        await using var broker = new TestBroker();
        var sub = await broker.ConnectAsync("c", cleanSession: true);
        await sub.SubscribeAsync("t", Q1);
        await sub.DisconnectAsync();
        await sub.ExpectClosedAsync();
        Assert.Equal(0, broker.Broker.GetStatistics().Subscriptions);

        await broker.Broker.PublishAsync("t", "x"u8.ToArray(), Q1);
        var back = await broker.ConnectAsync("c", cleanSession: false, expectSessionPresent: false);
        await back.PingBarrierAsync();
    }

    [Fact]
    public async Task A_qos2_identifier_awaiting_pubrel_survives_a_reconnect()
    {
        await using var broker = new TestBroker();
        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("t", Q0);
        var pub = await broker.ConnectAsync("pub", cleanSession: false);
        await pub.PublishAsync("t", "x", Q2, id: 3);
        await pub.ExpectAsync(MqttPacketType.PubRec);
        await pub.DropAsync();
        await pub.ExpectClosedAsync();

        var again = await broker.ConnectAsync("pub", cleanSession: false, expectSessionPresent: true);
        await again.PublishAsync("t", "x", Q2, id: 3, dup: true);
        await again.ExpectAsync(MqttPacketType.PubRec);
        await again.SendAckAsync(MqttPacketType.PubRel, 3);
        await again.ExpectAsync(MqttPacketType.PubComp);

        await sub.ExpectPublishAsync("t", "x", Q0);
        await sub.PingBarrierAsync();
    }

    [Fact]
    public async Task When_the_queue_overflows_the_oldest_message_is_dropped_and_counted()
    {
        await using var broker = new TestBroker(o => o.MaxQueuedMessagesPerSession = 3);
        var sub = await broker.ConnectAsync("p", cleanSession: false);
        await sub.SubscribeAsync("t", Q1);
        await sub.DisconnectAsync();
        await sub.ExpectClosedAsync();

        for (var i = 1; i <= 5; i++)
        {
            await broker.Broker.PublishAsync("t", System.Text.Encoding.UTF8.GetBytes($"m{i}"), Q1);
        }

        Assert.Equal(2, broker.Broker.GetStatistics().MessagesDropped);
        var back = await broker.ConnectAsync("p", cleanSession: false, expectSessionPresent: true);
        await back.ExpectPublishAsync("t", "m3", Q1);
        await back.ExpectPublishAsync("t", "m4", Q1);
        await back.ExpectPublishAsync("t", "m5", Q1);
        await back.PingBarrierAsync();
    }

    [Fact]
    public async Task Takeover_keeps_a_persistent_session_for_the_new_connection()
    {
        await using var broker = new TestBroker();
        var first = await broker.ConnectAsync("p", cleanSession: false);
        await first.SubscribeAsync("t", Q1);
        var second = await broker.ConnectAsync("p", cleanSession: false, expectSessionPresent: true);
        await first.ExpectClosedAsync();
        await broker.Broker.PublishAsync("t", "x"u8.ToArray(), Q1);
        await second.ExpectPublishAsync("t", "x", Q1);
    }

    [Fact]
    public async Task Persistent_sessions_away_longer_than_the_expiry_are_discarded()
    {
        await using var broker = new TestBroker(o => o.PersistentSessionExpiryHours = 24);
        var away = await broker.ConnectAsync("away", cleanSession: false);
        await away.SubscribeAsync("t", Q1);
        await away.DisconnectAsync();
        await away.ExpectClosedAsync();
        var online = await broker.ConnectAsync("online", cleanSession: false);

        broker.Time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, broker.Broker.ExpireSessions());
        broker.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, broker.Broker.ExpireSessions());

        Assert.Equal((1, 0), (broker.Broker.GetStatistics().Sessions, broker.Broker.GetStatistics().Subscriptions));
        await broker.ConnectAsync("away", cleanSession: false, expectSessionPresent: false);
        await online.PingBarrierAsync();
    }
}
