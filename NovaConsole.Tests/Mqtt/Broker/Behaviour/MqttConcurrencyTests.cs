using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.Behaviour;

public sealed class MqttConcurrencyTests
{
    [Fact]
    public async Task Concurrent_publishers_reach_every_subscriber_exactly_once_in_per_publisher_order()
    {
        const int publishers = 4;
        const int perPublisher = 500;
        await using var broker = new TestBroker(o => o.MaxQueuedMessagesPerSession = publishers * perPublisher);
        var subscribers = new List<TestClient>();
        for (var s = 0; s < 3; s++)
        {
            var subscriber = await broker.ConnectAsync($"sub-{s}");
            await subscriber.SubscribeAsync("load/+", MqttQualityOfService.AtLeastOnce);
            subscribers.Add(subscriber);
        }

        var readers = subscribers.Select(sub => Task.Run(async () =>
        {
            var next = new int[publishers];
            for (var i = 0; i < publishers * perPublisher; i++)
            {
                var message = await sub.ExpectAsync(MqttPacketType.Publish);
                await sub.SendAckAsync(MqttPacketType.PubAck, message.PacketId);
                var publisher = message.Topic![^1] - '0';
                Assert.Equal(next[publisher]++.ToString(System.Globalization.CultureInfo.InvariantCulture), message.PayloadText);
            }

            await sub.PingBarrierAsync();
        })).ToList();

        var writers = Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            var client = await broker.ConnectAsync($"pub-{p}");
            for (var i = 0; i < perPublisher; i++)
            {
                await client.PublishAsync($"load/{p}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), MqttQualityOfService.AtLeastOnce, id: (ushort)(i + 1));
            }

            for (var i = 0; i < perPublisher; i++)
            {
                await client.ExpectAsync(MqttPacketType.PubAck);
            }
        })).ToList();

        await Task.WhenAll(writers.Concat(readers)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, broker.Broker.GetStatistics().MessagesDropped);
    }
}
