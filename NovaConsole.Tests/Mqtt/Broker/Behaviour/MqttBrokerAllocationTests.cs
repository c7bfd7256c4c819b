using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using Xunit.Abstractions;

namespace NovaConsole.Tests.Mqtt.Broker.Behaviour;

[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement;

/// <summary>
/// The QoS 0 path through the broker (read, authorize, route to one subscriber, write, flush) must not allocate per
/// message. The broker reads inline on the test's flush and the test polls the subscriber's pipe, so the
/// measurement sees the broker, not the thread pool's work items for pipe continuations.
/// </summary>
[Collection(nameof(AllocationMeasurement))]
public sealed class MqttBrokerAllocationTests(ITestOutputHelper output)
{
    private const int Batch = 100;

    [Fact]
    public async Task Qos0_publish_routed_to_one_subscriber_allocates_nothing_per_message()
    {
        var broker = new MqttBroker(Options.Create(new MqttBrokerOptions()), new QuietHooks(), NullLogger<MqttBroker>.Instance);
        var subscriber = Connect(broker, "sub");
        var publisher = Connect(broker, "pub");
        await subscriber.HandshakeAsync(new MqttSubscribePacket(1, [new("devices/+/telemetry", MqttQualityOfService.AtMostOnce)]));
        await publisher.HandshakeAsync(null);

        var topic = "devices/dev-42/telemetry"u8.ToArray();
        var payload = new ReadOnlySequence<byte>(new byte[64]);

        await RunAsync(publisher, subscriber, topic, payload, batches: 50); // warm up: buffers grow, pools fill

        // The counter is process-wide and other tests' connections may still be closing in the background, so the
        // least of a few runs is the broker's own figure (noise only ever adds).
        const int batches = 200;
        var perMessage = double.MaxValue;
        for (var run = 0; run < 3 && perMessage > 0; run++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await RunAsync(publisher, subscriber, topic, payload, batches);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            perMessage = Math.Min(perMessage, (double)allocated / (batches * Batch));
            output.WriteLine($"{allocated} bytes for {batches * Batch} messages: {(double)allocated / (batches * Batch):0.###} bytes/message");
        }

        // A few stray bytes (a timer, the runtime's own bookkeeping) are tolerated; one object per message is not.
        Assert.True(perMessage < 1, $"{perMessage:0.###} bytes per message");
        await publisher.CloseAsync();
        await subscriber.CloseAsync();
    }

    private static async Task RunAsync(PipeClient publisher, PipeClient subscriber, byte[] topic, ReadOnlySequence<byte> payload, int batches)
    {
        for (var b = 0; b < batches; b++)
        {
            for (var i = 0; i < Batch; i++)
            {
                MqttPacketWriter.WritePublish(publisher.ToBroker, topic, payload, MqttQualityOfService.AtMostOnce, false, false, 0, MqttProtocolVersion.V311);
            }

            await publisher.ToBroker.FlushAsync();
            await subscriber.CountPublishesAsync(Batch);
        }
    }

    private static PipeClient Connect(MqttBroker broker, string id)
    {
        var options = new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false);
        var toBroker = new Pipe(options);
        var fromBroker = new Pipe(options);
        var run = broker.RunConnectionAsync(
            new DuplexPipe(toBroker.Reader, fromBroker.Writer), new MqttConnectionInfo(id, new IPEndPoint(IPAddress.Loopback, 1), MqttTransport.Tcp));
        return new PipeClient(id, toBroker.Writer, fromBroker.Reader, run);
    }

    private sealed class PipeClient(string id, PipeWriter toBroker, PipeReader fromBroker, Task run)
    {
        public PipeWriter ToBroker => toBroker;

        public async Task HandshakeAsync(MqttSubscribePacket? subscribe)
        {
            new MqttConnectPacket { ClientId = id }.WriteTo(toBroker);
            subscribe?.WriteTo(toBroker, MqttProtocolVersion.V311);
            await toBroker.FlushAsync();
            await CountAsync(subscribe is null ? 1 : 2, MqttPacketType.ConnAck);
        }

        public Task CountPublishesAsync(int count) => CountAsync(count, MqttPacketType.Publish);

        // Reads without allocating: frames are counted, nothing is copied out.
        private Task CountAsync(int count, MqttPacketType first)
        {
            var seen = 0;
            while (seen < count)
            {
                // Polling instead of ReadAsync: no reader continuation for the broker's flush to schedule.
                if (!fromBroker.TryRead(out var result))
                {
                    Thread.Yield();
                    continue;
                }

                var buffer = result.Buffer;
                while (seen < count && MqttPacketReader.TryReadFrame(ref buffer, MqttProtocolVersion.V311, MqttPacketReader.UnlimitedPacketSize, out var frame))
                {
                    if (seen == 0 && frame.Type != first)
                    {
                        throw new InvalidOperationException($"Expected {first}, got {frame.Type}");
                    }

                    seen++;
                }

                fromBroker.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted && seen < count)
                {
                    throw new InvalidOperationException("closed");
                }
            }

            return Task.CompletedTask;
        }

        public async Task CloseAsync()
        {
            await toBroker.CompleteAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private sealed class QuietHooks : IMqttBrokerHooks
    {
        public ValueTask<MqttAuthResult> AuthenticateAsync(MqttConnectRequest request) => ValueTask.FromResult(MqttAuthResult.Accept());

        public bool AuthorizePublish(MqttClientContext client, ReadOnlySpan<char> topic) => topic.Contains(client.ClientId == "pub" ? "dev-42" : "", StringComparison.Ordinal);

        public bool AuthorizeSubscribe(MqttClientContext client, string topicFilter) => true;

        public ValueTask<MqttMessageReceipt> OnMessagePublishedAsync(MqttClientContext client, in MqttPublishedMessage message) => MqttMessageReceipt.Taken;

        public void OnClientConnected(MqttClientContext client)
        {
        }

        public void OnClientDisconnected(MqttClientContext client, MqttDisconnectReason reason)
        {
        }
    }
}
