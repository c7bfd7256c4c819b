using Microsoft.Data.Sqlite;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using Eventually = NovaConsole.Tests.Infrastructure.Eventually;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.Persistence;

/// <summary>
/// Mqtt:StateFile: a second broker on the same file finds what the first one kept. The first is not stopped (no
/// flush at shutdown), like a killed process: only what was committed counts. The kill -9 test does it for real.
/// </summary>
public sealed class BrokerStateRestartTests : IAsyncDisposable
{
    private readonly string _file = Path.Combine(Directory.CreateTempSubdirectory("nova-broker-state-").FullName, "broker-state.db");
    private readonly List<TestBroker> _brokers = [];

    private TestBroker Start(Action<MqttBrokerOptions>? configure = null, ManualTimeProvider? time = null)
    {
        var broker = new TestBroker(o =>
        {
            o.StateFile = _file;
            configure?.Invoke(o);
        }, time: time);
        _brokers.Add(broker);
        return broker;
    }

    private static Task CommittedAsync(TestBroker broker) => broker.Broker.Runtime.State!.WrittenAsync();

    [Fact]
    public async Task A_retained_message_published_at_qos1_is_there_after_a_restart()
    {
        var first = Start();
        var pub = await first.ConnectAsync("pub");
        await pub.PublishAsync("site/door", "open", MqttQualityOfService.AtLeastOnce, id: 1, retain: true);
        // The PUBACK follows the commit of the batch holding the retained message.
        await pub.ExpectAsync(MqttPacketType.PubAck);

        var second = Start();
        var sub = await second.ConnectAsync("sub");
        await sub.SubscribeAsync("site/#");
        await sub.ExpectPublishAsync("site/door", "open", MqttQualityOfService.AtMostOnce, retain: true);
    }

    [Fact]
    public async Task A_cleared_retained_message_stays_cleared_after_a_restart()
    {
        var first = Start();
        var pub = await first.ConnectAsync("pub");
        await pub.PublishAsync("site/door", "open", MqttQualityOfService.AtLeastOnce, id: 1, retain: true);
        await pub.ExpectAsync(MqttPacketType.PubAck);
        await pub.PublishAsync("site/door", "", MqttQualityOfService.AtLeastOnce, id: 2, retain: true);
        await pub.ExpectAsync(MqttPacketType.PubAck);

        var second = Start();
        Assert.Equal(0, second.Broker.GetStatistics().RetainedMessages);
    }

    [Fact]
    public async Task A_persistent_sessions_subscription_and_the_qos1_message_queued_while_it_was_away_survive_a_restart()
    {
        var first = Start();
        var device = await first.ConnectAsync("device-1", cleanSession: false);
        await device.SubscribeAsync("cmd/device-1", MqttQualityOfService.AtLeastOnce);
        await device.DisconnectAsync();
        var pub = await first.ConnectAsync("console");
        await pub.PublishAsync("cmd/device-1", "reboot", MqttQualityOfService.AtLeastOnce, id: 7);
        await pub.ExpectAsync(MqttPacketType.PubAck);

        var second = Start();
        var back = await second.ConnectAsync("device-1", cleanSession: false, expectSessionPresent: true);
        var message = await back.ExpectPublishAsync("cmd/device-1", "reboot", MqttQualityOfService.AtLeastOnce);
        await back.SendAckAsync(MqttPacketType.PubAck, message.PacketId);

        // The subscription came back too: a new message reaches it.
        var pub2 = await second.ConnectAsync("console");
        await pub2.PublishAsync("cmd/device-1", "again", MqttQualityOfService.AtLeastOnce, id: 1);
        await back.ExpectPublishAsync("cmd/device-1", "again", MqttQualityOfService.AtLeastOnce);
    }

    [Fact]
    public async Task An_unacknowledged_qos1_delivery_is_sent_again_with_dup_and_its_packet_identifier_after_a_restart()
    {
        var first = Start();
        var device = await first.ConnectAsync("device-1", cleanSession: false);
        await device.SubscribeAsync("cmd/#", MqttQualityOfService.AtLeastOnce);
        var pub = await first.ConnectAsync("console");
        await pub.PublishAsync("cmd/x", "one", MqttQualityOfService.AtLeastOnce, id: 1);
        var sent = await device.ExpectPublishAsync("cmd/x", "one", MqttQualityOfService.AtLeastOnce);
        await pub.ExpectAsync(MqttPacketType.PubAck);
        await CommittedAsync(first); // the in-flight state (its identifier) is committed

        var second = Start();
        var back = await second.ConnectAsync("device-1", cleanSession: false, expectSessionPresent: true);
        var again = await back.ExpectPublishAsync("cmd/x", "one", MqttQualityOfService.AtLeastOnce, dup: true);
        Assert.Equal(sent.PacketId, again.PacketId);
    }

    [Fact]
    public async Task An_outbound_qos2_flow_past_pubrec_resumes_with_pubrel_and_the_same_identifier_after_a_restart()
    {
        var first = Start();
        var device = await first.ConnectAsync("device-1", cleanSession: false);
        await device.SubscribeAsync("cmd/#", MqttQualityOfService.ExactlyOnce);
        var pub = await first.ConnectAsync("console");
        await pub.PublishAsync("cmd/y", "twice-not", MqttQualityOfService.ExactlyOnce, id: 2);
        await pub.ExpectAsync(MqttPacketType.PubRec);

        // The device takes it (PUBREC), the broker answers PUBREL; then the broker dies before PUBCOMP.
        var q2 = await device.ExpectPublishAsync("cmd/y", "twice-not", MqttQualityOfService.ExactlyOnce);
        await device.SendAckAsync(MqttPacketType.PubRec, q2.PacketId);
        Assert.Equal(q2.PacketId, (await device.ExpectAsync(MqttPacketType.PubRel)).PacketId);
        await CommittedAsync(first);

        var second = Start();
        var back = await second.ConnectAsync("device-1", cleanSession: false, expectSessionPresent: true);
        // §4.4: the PUBREL is sent again (not the PUBLISH, which the device already owns), with the same identifier.
        Assert.Equal(q2.PacketId, (await back.ExpectAsync(MqttPacketType.PubRel)).PacketId);
        await back.SendAckAsync(MqttPacketType.PubComp, q2.PacketId);
        await back.PingBarrierAsync();
        await CommittedAsync(second);
        Assert.Equal(0, CountRows("messages"));
    }

    [Fact]
    public async Task A_received_qos2_identifier_not_yet_released_is_remembered_so_a_resend_is_not_delivered_twice()
    {
        var first = Start();
        var watcher = await first.ConnectAsync("watcher", cleanSession: false);
        await watcher.SubscribeAsync("t", MqttQualityOfService.AtMostOnce);
        var sender = await first.ConnectAsync("sender", cleanSession: false);
        await sender.PublishAsync("t", "once", MqttQualityOfService.ExactlyOnce, id: 9);
        await sender.ExpectAsync(MqttPacketType.PubRec); // after the identifier was committed
        await watcher.ExpectPublishAsync("t", "once", MqttQualityOfService.AtMostOnce);

        var second = Start();
        var watcherBack = await second.ConnectAsync("watcher", cleanSession: false, expectSessionPresent: true);
        var senderBack = await second.ConnectAsync("sender", cleanSession: false, expectSessionPresent: true);
        await senderBack.PublishAsync("t", "once", MqttQualityOfService.ExactlyOnce, id: 9, dup: true);
        await senderBack.ExpectAsync(MqttPacketType.PubRec);
        await senderBack.SendAckAsync(MqttPacketType.PubRel, 9);
        await senderBack.ExpectAsync(MqttPacketType.PubComp);
        await watcherBack.PingBarrierAsync();
        await senderBack.PublishAsync("t", "next", MqttQualityOfService.ExactlyOnce, id: 10);
        await senderBack.ExpectAsync(MqttPacketType.PubRec);
        // The first thing the watcher gets is the new message: the re-sent one was not delivered again.
        await watcherBack.ExpectPublishAsync("t", "next", MqttQualityOfService.AtMostOnce);
    }

    [Fact]
    public async Task A_session_away_longer_than_the_expiry_is_not_restored_and_is_deleted_from_the_file()
    {
        var time = new ManualTimeProvider();
        var first = Start(o => o.PersistentSessionExpiryHours = 24, time);
        var device = await first.ConnectAsync("device-1", cleanSession: false);
        await device.SubscribeAsync("cmd/#", MqttQualityOfService.AtLeastOnce);
        await device.DisconnectAsync();
        await Eventually.TrueAsync(() => first.Broker.Runtime.Sessions.Find("device-1")?.Connection is null, "device-1 detached");
        await CommittedAsync(first);

        time.Advance(TimeSpan.FromHours(25));
        var second = Start(o => o.PersistentSessionExpiryHours = 24, time);
        Assert.Equal(0, second.Broker.GetStatistics().Sessions);
        await CommittedAsync(second);
        Assert.Equal(0, CountRows("sessions") + CountRows("subscriptions"));
    }

    [Fact]
    public async Task A_session_away_for_less_than_the_expiry_counts_its_time_away_across_the_restart()
    {
        var time = new ManualTimeProvider();
        var first = Start(o => o.PersistentSessionExpiryHours = 24, time);
        var device = await first.ConnectAsync("device-1", cleanSession: false);
        await device.DisconnectAsync();
        await Eventually.TrueAsync(() => first.Broker.Runtime.Sessions.Find("device-1")?.Connection is null, "device-1 detached");
        await CommittedAsync(first);

        time.Advance(TimeSpan.FromHours(20));
        var second = Start(o => o.PersistentSessionExpiryHours = 24, time);
        Assert.Equal(1, second.Broker.GetStatistics().Sessions);
        time.Advance(TimeSpan.FromHours(5));
        Assert.Equal(1, second.Broker.ExpireSessions());
    }

    [Fact]
    public async Task Ending_an_owners_sessions_deletes_the_persisted_copy_too()
    {
        var first = Start();
        first.Hooks.Authenticate = r => MqttAuthResult.Accept(sessionOwner: "device:" + r.ClientId);
        var device = await first.ConnectAsync("device-1", cleanSession: false);
        await device.SubscribeAsync("cmd/#", MqttQualityOfService.AtLeastOnce);
        await device.DisconnectAsync();
        await Eventually.TrueAsync(() => first.Broker.Runtime.Sessions.Find("device-1")?.Connection is null, "device-1 detached");
        await CommittedAsync(first);
        Assert.Equal(1, CountRows("sessions"));

        // What a key reset, a disable or a delete does (MqttSessionControl); it returns after the commit.
        await first.Broker.EndSessionsAsync("device:device-1");

        Assert.Equal(0, CountRows("sessions") + CountRows("subscriptions"));
        var second = Start();
        second.Hooks.Authenticate = first.Hooks.Authenticate;
        await second.ConnectAsync("device-1", cleanSession: false, expectSessionPresent: false);
    }

    [Fact]
    public async Task Clean_sessions_and_qos0_deliveries_write_nothing()
    {
        var first = Start();
        var sub = await first.ConnectAsync("sub");
        await sub.SubscribeAsync("t", MqttQualityOfService.AtLeastOnce);
        var pub = await first.ConnectAsync("pub");
        for (ushort i = 1; i <= 20; i++)
        {
            var qos = i % 2 == 0 ? MqttQualityOfService.AtMostOnce : MqttQualityOfService.AtLeastOnce;
            await pub.PublishAsync("t", "x", qos, id: qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : i);
            if (qos == MqttQualityOfService.AtLeastOnce)
            {
                await pub.ExpectAsync(MqttPacketType.PubAck);
            }
        }

        await pub.PingBarrierAsync();
        Assert.Equal(0, first.Broker.Runtime.State!.Version);
    }

    [Fact]
    public async Task A_restored_queue_keeps_only_what_todays_limit_allows_newest_first()
    {
        var first = Start();
        var device = await first.ConnectAsync("device-1", cleanSession: false);
        await device.SubscribeAsync("cmd/#", MqttQualityOfService.AtLeastOnce);
        await device.DisconnectAsync();
        await Eventually.TrueAsync(() => first.Broker.Runtime.Sessions.Find("device-1")?.Connection is null, "device-1 detached");
        var pub = await first.ConnectAsync("console");
        for (ushort i = 1; i <= 10; i++)
        {
            await pub.PublishAsync("cmd/x", $"m{i}", MqttQualityOfService.AtLeastOnce, id: i);
            await pub.ExpectAsync(MqttPacketType.PubAck);
        }

        var second = Start(o => o.MaxQueuedMessagesPerSession = 3);
        var back = await second.ConnectAsync("device-1", cleanSession: false, expectSessionPresent: true);
        foreach (var expected in new[] { "m8", "m9", "m10" })
        {
            var message = await back.ExpectPublishAsync("cmd/x", expected, MqttQualityOfService.AtLeastOnce);
            await back.SendAckAsync(MqttPacketType.PubAck, message.PacketId);
        }

        await back.PingBarrierAsync();
        await CommittedAsync(second);
        Assert.Equal(0, CountRows("messages"));
    }

    private long CountRows(string table)
    {
        using var connection = new SqliteConnection($"Data Source={_file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var broker in _brokers)
        {
            await broker.DisposeAsync();
            await broker.Broker.StopAsync();
        }

        Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
    }
}
