using System.Collections.Concurrent;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Infrastructure;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.Behaviour;

/// <summary>
/// The broker reads a client's next QoS 1 PUBLISH while the product still stores the previous one, and owes the
/// PUBACKs in arrival order (MQTT 3.1.1 §4.6): each goes out once its message and every one before it are stored.
/// </summary>
public sealed class MqttPendingAcknowledgementTests
{
    private const MqttQualityOfService Q0 = MqttQualityOfService.AtMostOnce;
    private const MqttQualityOfService Q1 = MqttQualityOfService.AtLeastOnce;

    // How long an absence (no packet, no hook call) is looked for; presence is always awaited, never timed.
    private static readonly TimeSpan AbsenceWindow = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Later_messages_are_taken_while_earlier_ones_are_stored_and_pubacks_follow_arrival_order()
    {
        await using var broker = new TestBroker();
        var stores = GateEveryMessage(broker.Hooks);
        var pub = await broker.ConnectAsync("pub");

        foreach (var (payload, id) in new[] { ("1", (ushort)1), ("2", (ushort)2), ("3", (ushort)3) })
        {
            await pub.PublishAsync("telemetry", payload, Q1, id);
        }

        // PINGRESP as the next packet: all three were read and none is acknowledged before it is stored.
        await pub.PingBarrierAsync();
        Assert.Equal(["1", "2", "3"], broker.Hooks.Received.Select(r => Text(r.Payload)));

        stores["3"].SetResult();
        await pub.PingBarrierAsync(); // 3 is stored, but 1 and 2 are owed first

        stores["1"].SetResult();
        Assert.Equal(1, (await pub.ExpectAsync(MqttPacketType.PubAck)).PacketId);
        await pub.PingBarrierAsync(); // 2 still being stored holds back 3

        stores["2"].SetResult();
        Assert.Equal(2, (await pub.ExpectAsync(MqttPacketType.PubAck)).PacketId);
        Assert.Equal(3, (await pub.ExpectAsync(MqttPacketType.PubAck)).PacketId);
        await pub.PingBarrierAsync();
    }

    [Fact]
    public async Task Beyond_the_pending_limit_the_broker_stops_reading_until_a_store_completes()
    {
        await using var broker = new TestBroker(o => o.MaxPendingAcknowledgements = 2);
        var stores = GateEveryMessage(broker.Hooks);
        var pub = await broker.ConnectAsync("pub");

        await pub.PublishAsync("telemetry", "1", Q1, 1);
        await pub.PublishAsync("telemetry", "2", Q1, 2);
        await pub.PublishAsync("telemetry", "3", Q1, 3);
        await Eventually.TrueAsync(() => broker.Hooks.Received.Count == 3, "the third message taken");
        await pub.SendAsync(MqttPacketWriter.WritePingReq);

        var next = pub.ReceiveAsync();
        Assert.NotSame(next, await Task.WhenAny(next, Task.Delay(AbsenceWindow)));

        stores["1"].SetResult();
        Assert.Equal(1, (await next).PacketId);
        await pub.ExpectAsync(MqttPacketType.PingResp); // read again once the first PUBACK freed a place
    }

    [Fact]
    public async Task A_failed_store_closes_the_connection_without_acknowledging_it_or_any_later_message()
    {
        await using var broker = new TestBroker();
        var stores = GateEveryMessage(broker.Hooks);
        var pub = await broker.ConnectAsync("pub");
        await pub.PublishAsync("telemetry", "1", Q1, 1);
        await pub.PublishAsync("telemetry", "2", Q1, 2);
        await pub.PingBarrierAsync();

        stores["2"].SetResult();
        stores["1"].SetException(new IOException("disk full"));

        Assert.Empty(await pub.ExpectClosedAsync());
        Assert.Contains(("pub", MqttDisconnectReason.ServerKick), broker.Hooks.Disconnected);
    }

    [Fact]
    public async Task A_failed_store_also_frees_a_read_loop_that_waits_for_room()
    {
        await using var broker = new TestBroker(o => o.MaxPendingAcknowledgements = 1);
        var stores = GateEveryMessage(broker.Hooks);
        var pub = await broker.ConnectAsync("pub");
        await pub.PublishAsync("telemetry", "1", Q1, 1);
        await pub.PublishAsync("telemetry", "2", Q1, 2);
        await Eventually.TrueAsync(() => broker.Hooks.Received.Count == 2, "the second message taken (its PUBACK has no room yet)");

        stores["1"].SetException(new IOException("disk full"));

        Assert.Empty(await pub.ExpectClosedAsync());
        Assert.Contains(("pub", MqttDisconnectReason.ServerKick), broker.Hooks.Disconnected);
    }

    [Fact]
    public async Task A_client_that_disconnects_right_after_publishing_still_gets_its_pubacks()
    {
        await using var broker = new TestBroker();
        var stores = GateEveryMessage(broker.Hooks);
        var pub = await broker.ConnectAsync("pub");
        await pub.PublishAsync("telemetry", "1", Q1, 1);
        await pub.PublishAsync("telemetry", "2", Q1, 2);
        await pub.DisconnectAsync();

        stores["1"].SetResult();
        stores["2"].SetResult();

        var trailing = await pub.ExpectClosedAsync();
        Assert.Equal([(MqttPacketType.PubAck, 1), (MqttPacketType.PubAck, 2)], trailing.Select(p => (p.Type, (int)p.PacketId)));
        Assert.Contains(("pub", MqttDisconnectReason.ClientDisconnect), broker.Hooks.Disconnected);
    }

    [Fact]
    public async Task A_product_slow_to_take_a_qos0_message_holds_back_the_next_one()
    {
        await using var broker = new TestBroker();
        broker.Hooks.TakeGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pub = await broker.ConnectAsync("pub");
        await pub.PublishAsync("telemetry", "a", Q0);
        await pub.PublishAsync("telemetry", "b", Q0);
        await Eventually.TrueAsync(() => broker.Hooks.Received.Count == 1, "the first message handed to the product");

        await Task.Delay(AbsenceWindow);
        Assert.Single(broker.Hooks.Received);

        broker.Hooks.TakeGate.SetResult();
        await pub.PingBarrierAsync();
        Assert.Equal(["a", "b"], broker.Hooks.Received.Select(r => Text(r.Payload)));
    }

    private static ConcurrentDictionary<string, TaskCompletionSource> GateEveryMessage(TestHooks hooks)
    {
        var stores = new ConcurrentDictionary<string, TaskCompletionSource>();
        hooks.Store = record => stores.GetOrAdd(Text(record.Payload), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        foreach (var payload in new[] { "1", "2", "3" })
        {
            stores.GetOrAdd(payload, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        return stores;
    }

    private static string Text(byte[] payload) => System.Text.Encoding.UTF8.GetString(payload);
}
