using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.EndToEnd;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;
using Eventually = NovaConsole.Tests.Infrastructure.Eventually;

namespace NovaConsole.Tests.Mqtt.Broker.Behaviour;

/// <summary>
/// Mqtt:OverflowPolicy with a subscriber slower than its publisher: a real socket whose reader stops reading (a small
/// receive buffer, so the broker's writes stop completing). drop-oldest counts what it drops; backpressure drops nothing.
/// </summary>
public sealed class MqttOverflowPolicyTests
{
    private const int Messages = 3_000;
    private const int Queue = 50;
    private static readonly string Padding = new('p', 500);

    private static Task<KestrelMqttHost> StartAsync(string policy) => KestrelMqttHost.StartAsync(new Dictionary<string, string>
    {
        ["Mqtt:OverflowPolicy"] = policy,
        ["Mqtt:MaxQueuedMessagesPerSession"] = Queue.ToString(),
        ["Mqtt:MaxPendingWriteBytes"] = "4096",
    });

    private static async Task<TestClient> ConnectSocketAsync(int port, string clientId)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = new NetworkStream(socket, ownsSocket: true);
        var client = new TestClient(PipeWriter.Create(stream), PipeReader.Create(stream), Task.CompletedTask, MqttProtocolVersion.V311);
        var ack = await client.ConnectAsync(new MqttConnectPacket { ClientId = clientId, CleanSession = true });
        Assert.Equal(MqttConnectReturnCode.Accepted, ack.ReturnCode);
        return client;
    }

    private static Task PublishAllAsync(TestClient publisher) => Task.Run(async () =>
    {
        for (var i = 0; i < Messages; i++)
        {
            await publisher.PublishAsync("load/x", $"{i:D6}{Padding}", MqttQualityOfService.AtLeastOnce, id: (ushort)(i + 1));
        }
    });

    private static int QueuedFor(KestrelMqttHost host, string clientId) =>
        host.Broker.GetClients().FirstOrDefault(c => c.ClientId == clientId)?.QueuedMessages ?? 0;

    [Fact]
    public async Task With_backpressure_a_subscriber_that_stops_reading_loses_no_qos1_message_and_its_queue_stays_bounded()
    {
        await using var host = await StartAsync("backpressure");
        var slow = await ConnectSocketAsync(host.Port, "slow");
        await slow.SubscribeAsync("load/#", MqttQualityOfService.AtLeastOnce);
        var publisher = await ConnectSocketAsync(host.Port, "pub");
        var publishing = PublishAllAsync(publisher);

        // The subscriber reads nothing: its queue fills, and stays at the limit (one publisher: at most one more).
        await Eventually.TrueAsync(() => QueuedFor(host, "slow") >= Queue, "the slow subscriber's queue is full");
        Assert.InRange(host.Broker.GetStatistics().QueuedMessages, Queue, Queue + 1);

        // It reads again: every message comes, in order, and the publisher gets every PUBACK.
        var acknowledged = Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
            {
                await publisher.ExpectAsync(MqttPacketType.PubAck);
            }
        });
        for (var i = 0; i < Messages; i++)
        {
            var message = await slow.ExpectAsync(MqttPacketType.Publish);
            Assert.Equal($"{i:D6}", message.PayloadText[..6]);
            await slow.SendAckAsync(MqttPacketType.PubAck, message.PacketId);
        }

        await publishing;
        await acknowledged;
        Assert.Equal(0, host.Broker.GetStatistics().MessagesDropped);
        await slow.DisposeAsync();
        await publisher.DisposeAsync();
    }

    [Fact]
    public async Task With_drop_oldest_the_publisher_is_never_held_and_the_drops_are_counted_for_the_client()
    {
        await using var host = await StartAsync("drop-oldest");
        var slow = await ConnectSocketAsync(host.Port, "slow");
        await slow.SubscribeAsync("load/#", MqttQualityOfService.AtLeastOnce);
        var publisher = await ConnectSocketAsync(host.Port, "pub");
        var publishing = PublishAllAsync(publisher);

        // Every message is acknowledged although the subscriber reads nothing.
        for (var i = 0; i < Messages; i++)
        {
            await publisher.ExpectAsync(MqttPacketType.PubAck);
        }

        await publishing;
        var stats = host.Broker.GetStatistics();
        var client = host.Broker.GetClients().Single(c => c.ClientId == "slow");
        Assert.True(stats.MessagesDropped > 0, "the overflow is counted");
        Assert.Equal(stats.MessagesDropped, client.MessagesDropped);
        Assert.True(client.QueuedMessages <= Queue, $"queued {client.QueuedMessages}");
        await slow.DisposeAsync();
        await publisher.DisposeAsync();
    }

    [Fact]
    public async Task With_backpressure_a_subscriber_that_takes_nothing_for_the_timeout_is_disconnected_and_the_publisher_reads_on()
    {
        await using var broker = new TestBroker(o =>
        {
            o.OverflowPolicy = "backpressure";
            o.MaxQueuedMessagesPerSession = 10;
            o.BackpressureTimeoutSeconds = 5;
        });
        var stuck = await broker.ConnectAsync("stuck", toClient: new PipeOptions(pauseWriterThreshold: 2048, resumeWriterThreshold: 1024, useSynchronizationContext: false));
        await stuck.SubscribeAsync("load/#", MqttQualityOfService.AtLeastOnce);
        var publisher = await broker.ConnectAsync("pub");
        var publishing = Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await publisher.PublishAsync("load/x", Padding, MqttQualityOfService.AtLeastOnce, id: (ushort)(i + 1));
            }
        });

        await Eventually.TrueAsync(() => broker.Broker.GetClients().Any(c => c.ClientId == "stuck" && c.QueuedMessages >= 10), "the stuck subscriber's queue is full");
        Assert.True(broker.Broker.GetStatistics().QueuedMessages <= 11);

        // Time passes and the subscriber takes nothing: it is disconnected, and the publisher's messages flow again.
        await Eventually.TrueAsync(() =>
        {
            broker.Time.Advance(TimeSpan.FromSeconds(1));
            return !broker.Broker.IsConnected("stuck");
        }, "the stuck subscriber is disconnected");
        for (var i = 0; i < 200; i++)
        {
            await publisher.ExpectAsync(MqttPacketType.PubAck);
        }

        await publishing;
    }

    // Known broker bug (issue 14 note): about 1 run in 10 the read loop blocks writing a PUBACK to this client, which
    // reads nothing, before it reaches the backpressure wait, so the timeout never applies and the connection hangs.
    [Fact(Skip = "Known hang under backpressure: the PUBACK write to a client that reads nothing blocks before the backpressure timeout applies (issue 14)")]
    public async Task With_backpressure_a_client_publishing_to_itself_without_reading_does_not_hang_for_ever()
    {
        await using var broker = new TestBroker(o =>
        {
            o.OverflowPolicy = "backpressure";
            o.MaxQueuedMessagesPerSession = 10;
            o.BackpressureTimeoutSeconds = 5;
        });
        var self = await broker.ConnectAsync("self", toClient: new PipeOptions(pauseWriterThreshold: 2048, resumeWriterThreshold: 1024, useSynchronizationContext: false));
        await self.SubscribeAsync("echo/#", MqttQualityOfService.AtLeastOnce);
        _ = Task.Run(async () =>
        {
            for (var i = 0; i < 200 && broker.Broker.IsConnected("self"); i++)
            {
                await self.PublishAsync("echo/x", Padding, MqttQualityOfService.AtLeastOnce, id: (ushort)(i + 1));
            }
        });

        await Eventually.TrueAsync(() => broker.Broker.GetClients().Any(c => c.ClientId == "self" && c.QueuedMessages >= 10), "its own queue is full");
        await Eventually.TrueAsync(() =>
        {
            broker.Time.Advance(TimeSpan.FromSeconds(1));
            return self.BrokerTask.IsCompleted;
        }, "the connection that waited on itself is closed");
    }
}
