using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.Behaviour;

public sealed class MqttServerApiTests
{
    [Fact]
    public async Task Get_clients_lists_connected_clients_with_their_details()
    {
        await using var broker = new TestBroker();
        broker.Hooks.Authenticate = _ => MqttAuthResult.Accept("identity");
        var client = broker.Open();
        await client.ConnectAsync(new MqttConnectPacket { ClientId = "dev", UserName = "user", KeepAliveSeconds = 30, CleanSession = false });
        await client.SubscribeAsync(1, ("b", MqttQualityOfService.AtLeastOnce), ("a", MqttQualityOfService.AtMostOnce));

        var info = Assert.Single(broker.Broker.GetClients());
        Assert.Equal(("dev", "user", MqttProtocolVersion.V311, (ushort)30, false, MqttTransport.Tcp), (info.ClientId, info.UserName, info.ProtocolVersion, info.KeepAliveSeconds, info.CleanSession, info.Transport));
        Assert.Equal(["a", "b"], info.Subscriptions.Select(s => s.Filter));
        Assert.Equal(broker.Time.GetUtcNow(), info.ConnectedSince);
        Assert.NotNull(info.RemoteEndPoint);
        Assert.True(broker.Broker.IsConnected("dev"));
        Assert.False(broker.Broker.IsConnected("nobody"));
    }

    [Fact]
    public async Task Disconnect_async_closes_the_client_and_publishes_its_will()
    {
        await using var broker = new TestBroker();
        var watcher = await broker.ConnectAsync("w");
        await watcher.SubscribeAsync("will");
        var client = await broker.ConnectAsync("dev", will: new MqttWill("will", "gone"u8.ToArray(), MqttQualityOfService.AtMostOnce, false));

        Assert.True(await broker.Broker.DisconnectAsync("dev"));
        await client.ExpectClosedAsync();
        await watcher.ExpectPublishAsync("will", "gone", MqttQualityOfService.AtMostOnce);
        Assert.Contains(broker.Hooks.Disconnected, d => d == ("dev", MqttDisconnectReason.ServerKick));
        Assert.False(await broker.Broker.DisconnectAsync("dev"));
    }

    [Fact]
    public async Task Statistics_count_messages_bytes_subscriptions_and_retained()
    {
        await using var broker = new TestBroker();
        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("t");
        var pub = await broker.ConnectAsync("pub");
        await pub.PublishAsync("t", "abc", retain: true);
        await sub.ExpectPublishAsync("t", "abc", MqttQualityOfService.AtMostOnce);

        var s = broker.Broker.GetStatistics();
        Assert.Equal((2, 2, 1L, 1L, 1, 1), (s.ConnectedClients, s.Sessions, s.MessagesReceived, s.MessagesSent, s.Subscriptions, s.RetainedMessages));
        Assert.True(s.BytesReceived > 0 && s.BytesSent > 0);

        broker.Time.Advance(TimeSpan.FromSeconds(2));
        await pub.PublishAsync("t", "def");
        await sub.ExpectPublishAsync("t", "def", MqttQualityOfService.AtMostOnce);
        Assert.Equal(1.0, broker.Broker.GetStatistics().MessagesReceivedPerSecond); // 2 messages over 2 s
    }

    [Fact]
    public async Task Stop_async_closes_every_connection_and_refuses_new_ones()
    {
        await using var broker = new TestBroker();
        var a = await broker.ConnectAsync("a");
        var b = await broker.ConnectAsync("b");
        var pending = broker.Open();

        await broker.Broker.StopAsync();

        await a.ExpectClosedAsync();
        await b.ExpectClosedAsync();
        await pending.ExpectClosedAsync();
        Assert.Contains(broker.Hooks.Disconnected, d => d == ("a", MqttDisconnectReason.ServerShutdown));

        var late = broker.Open();
        var ack = await late.ConnectAsync(new MqttConnectPacket { ClientId = "late" });
        Assert.Equal(MqttConnectReturnCode.ServerUnavailable, ack.ReturnCode);
    }

    [Fact]
    public async Task Sys_topics_are_published_retained()
    {
        await using var broker = new TestBroker();
        var sys = new NovaConsole.Mqtt.Broker.Diagnostics.SysTopicPublisher(
            broker.Broker, Microsoft.Extensions.Options.Options.Create(broker.Options), broker.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<NovaConsole.Mqtt.Broker.Diagnostics.SysTopicPublisher>.Instance);
        var client = await broker.ConnectAsync("c");
        await sys.PublishOnceAsync(includeVersion: true);

        await client.SubscribeAsync("$SYS/broker/clients/connected");
        await client.ExpectPublishAsync("$SYS/broker/clients/connected", "1", MqttQualityOfService.AtMostOnce, retain: true);
        Assert.True(broker.Broker.GetStatistics().RetainedMessages >= 10);
    }

    [Fact]
    public async Task Server_publish_rejects_invalid_topic_names()
    {
        await using var broker = new TestBroker();
        await Assert.ThrowsAsync<ArgumentException>(async () => await broker.Broker.PublishAsync("a/#", "x"u8.ToArray()));
        await Assert.ThrowsAsync<ArgumentException>(async () => await broker.Broker.PublishAsync("", "x"u8.ToArray()));
    }
}
