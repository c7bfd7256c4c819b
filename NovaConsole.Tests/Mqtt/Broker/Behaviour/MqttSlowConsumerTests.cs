using System.IO.Pipelines;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.Behaviour;

public sealed class MqttSlowConsumerTests
{
    [Fact]
    public async Task A_subscriber_that_does_not_read_neither_blocks_the_publisher_nor_grows_without_bound()
    {
        await using var broker = new TestBroker(o =>
        {
            o.MaxQueuedMessagesPerSession = 50;
        });

        // The subscriber's transport buffers at most 2 KiB before its flushes stop completing.
        var stuck = await broker.ConnectAsync("stuck", toClient: new PipeOptions(pauseWriterThreshold: 2048, resumeWriterThreshold: 1024, useSynchronizationContext: false));
        await stuck.SubscribeAsync("load/#", MqttQualityOfService.AtLeastOnce);
        var fast = await broker.ConnectAsync("fast");
        await fast.SubscribeAsync("load/#");
        var pub = await broker.ConnectAsync("pub");

        var fastReader = Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                await fast.ExpectAsync(MqttPacketType.Publish);
            }
        });

        var payload = new string('p', 200);
        for (var i = 0; i < 500; i++)
        {
            await pub.PublishAsync("load/x", payload, i % 2 == 0 ? MqttQualityOfService.AtMostOnce : MqttQualityOfService.AtLeastOnce, id: i % 2 == 0 ? (ushort)0 : (ushort)(i + 1));
        }

        // The publisher got every acknowledgement and the healthy subscriber every message.
        for (var i = 0; i < 250; i++)
        {
            await pub.ExpectAsync(MqttPacketType.PubAck);
        }

        await fastReader;

        var stats = broker.Broker.GetStatistics();
        Assert.True(stats.MessagesDropped > 0, "the stuck subscriber's overflow is counted");
        Assert.True(stats.QueuedMessages <= 50, $"queued {stats.QueuedMessages}");

        // When it starts reading again it gets what fits its window and queue, then carries on normally.
        var first = await stuck.ExpectAsync(MqttPacketType.Publish);
        Assert.Equal("load/x", first.Topic);
    }
}
