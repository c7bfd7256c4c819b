using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.Behaviour;

public sealed class MqttWillAndKeepAliveTests
{
    private static readonly MqttWill Will = new("devices/d1/status", "offline"u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: true);

    [Fact]
    public async Task The_will_is_published_when_the_connection_is_lost()
    {
        await using var broker = new TestBroker();
        var watcher = await broker.ConnectAsync("watcher");
        await watcher.SubscribeAsync("devices/+/status", MqttQualityOfService.AtLeastOnce);
        var device = await broker.ConnectAsync("d1", will: Will);

        await device.DropAsync();
        await device.ExpectClosedAsync();

        await watcher.ExpectPublishAsync("devices/d1/status", "offline", MqttQualityOfService.AtLeastOnce);
        Assert.Equal(1, broker.Broker.GetStatistics().RetainedMessages);
        Assert.Contains(broker.Hooks.Published, p => p.Topic == "devices/d1/status" && p.ClientId == "d1");
        Assert.Contains(broker.Hooks.Disconnected, d => d == ("d1", MqttDisconnectReason.TransportClosed));
    }

    [Fact]
    public async Task The_will_is_not_published_after_disconnect()
    {
        await using var broker = new TestBroker();
        var watcher = await broker.ConnectAsync("watcher");
        await watcher.SubscribeAsync("#");
        var device = await broker.ConnectAsync("d1", will: Will);

        await device.DisconnectAsync();
        await device.ExpectClosedAsync();

        await watcher.PingBarrierAsync();
        Assert.Contains(broker.Hooks.Disconnected, d => d == ("d1", MqttDisconnectReason.ClientDisconnect));
    }

    [Fact]
    public async Task The_will_is_published_on_takeover_and_on_protocol_errors()
    {
        await using var broker = new TestBroker();
        var watcher = await broker.ConnectAsync("watcher");
        await watcher.SubscribeAsync("devices/#");

        await broker.ConnectAsync("d1", will: Will);
        var replacement = await broker.ConnectAsync("d1", will: Will);
        await watcher.ExpectPublishAsync("devices/d1/status", "offline", MqttQualityOfService.AtMostOnce);

        await replacement.SendRawAsync(0x10, 0); // a second CONNECT (and a malformed one)
        await replacement.ExpectClosedAsync();
        await watcher.ExpectPublishAsync("devices/d1/status", "offline", MqttQualityOfService.AtMostOnce);
    }

    [Fact]
    public async Task A_will_to_a_topic_the_client_may_not_publish_to_is_dropped()
    {
        await using var broker = new TestBroker();
        broker.Hooks.DeniedPublishTopics["devices/d1/status"] = true;
        var watcher = await broker.ConnectAsync("watcher");
        await watcher.SubscribeAsync("#");
        var device = await broker.ConnectAsync("d1", will: Will);
        await device.DropAsync();
        await device.ExpectClosedAsync();
        await watcher.PingBarrierAsync();
        Assert.Equal(1, broker.Broker.GetStatistics().PublishesRefused);
    }

    [Fact]
    public async Task Keep_alive_expires_after_one_and_a_half_times_the_interval_and_publishes_the_will()
    {
        await using var broker = new TestBroker();
        var watcher = await broker.ConnectAsync("watcher");
        await watcher.SubscribeAsync("devices/#");
        var device = await broker.ConnectAsync("d1", keepAlive: 10, will: Will);

        broker.Time.Advance(TimeSpan.FromSeconds(14));
        await device.PingBarrierAsync(); // still open; this packet restarts the 15 s
        broker.Time.Advance(TimeSpan.FromSeconds(14.9));
        Assert.False(device.BrokerTask.IsCompleted);
        await device.PingBarrierAsync();

        broker.Time.Advance(TimeSpan.FromSeconds(15));
        await device.ExpectClosedAsync();
        await watcher.ExpectPublishAsync("devices/d1/status", "offline", MqttQualityOfService.AtMostOnce);
        Assert.Contains(broker.Hooks.Disconnected, d => d == ("d1", MqttDisconnectReason.KeepAliveTimeout));
    }

    [Fact]
    public async Task Each_client_expires_at_its_own_keep_alive_and_leaves_no_deadline_behind()
    {
        await using var broker = new TestBroker();
        var slow = await broker.ConnectAsync("slow", keepAlive: 20);
        var fast = await broker.ConnectAsync("fast", keepAlive: 10);
        var slowest = await broker.ConnectAsync("slowest", keepAlive: 30);

        broker.Time.Advance(TimeSpan.FromSeconds(15));
        await fast.ExpectClosedAsync();
        Assert.False(slow.BrokerTask.IsCompleted);
        broker.Time.Advance(TimeSpan.FromSeconds(15));
        await slow.ExpectClosedAsync();
        Assert.False(slowest.BrokerTask.IsCompleted);
        broker.Time.Advance(TimeSpan.FromSeconds(15));
        await slowest.ExpectClosedAsync();

        await Task.WhenAll(fast.BrokerTask, slow.BrokerTask, slowest.BrokerTask);
        Assert.Equal(0, broker.Broker.Runtime.Deadlines.Count);
    }

    [Fact]
    public async Task Keep_alive_zero_never_expires()
    {
        await using var broker = new TestBroker();
        var client = await broker.ConnectAsync("c", keepAlive: 0);
        broker.Time.Advance(TimeSpan.FromDays(1));
        await client.PingBarrierAsync();
    }
}
