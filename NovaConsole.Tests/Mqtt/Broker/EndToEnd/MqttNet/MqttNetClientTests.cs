using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace NovaConsole.Tests.Mqtt.Broker.EndToEnd.MqttNet;

/// <summary>
/// MQTTnet 5.2's client, written by others, against our broker inside the running app: plain TCP, TLS and WebSocket.
/// Every test takes the protocol version as its one parameter, so MQTT 5 is one line in <see cref="Versions"/>.
/// </summary>
[Trait("Needs", "mqttnet")]
public sealed class MqttNetClientTests(AnonymousBrokerApp app) : IClassFixture<AnonymousBrokerApp>, IAsyncLifetime
{
    /// <summary>Every test runs in MQTT 3.1.1 and in MQTT 5.</summary>
    public static TheoryData<MqttProtocolVersion> Versions => [MqttProtocolVersion.V311, MqttProtocolVersion.V500];

    private readonly MqttNetPeers _peers = new(app.Host);

    // Each test gets topics nobody else uses, so tests sharing the app cannot see each other's messages.
    private readonly string _prefix = $"mqttnet/{Guid.NewGuid():N}";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _peers.DisposeAsync().AsTask();

    [Theory, MemberData(nameof(Versions))]
    public async Task Connects_with_a_fresh_session(MqttProtocolVersion version)
    {
        var result = (await _peers.ConnectAsync(_peers.Tcp(version))).Result;

        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        Assert.False(result.IsSessionPresent);
    }

    [Theory, MemberData(nameof(Versions))]
    public async Task Publishes_at_qos_0_1_and_2_and_receives_each_at_its_qos(MqttProtocolVersion version)
    {
        var client = await _peers.ConnectAsync(_peers.Tcp(version));
        await MqttNetPeers.SubscribeAsync(client, $"{_prefix}/qos/+", MqttQualityOfServiceLevel.ExactlyOnce);

        foreach (var qos in Enum.GetValues<MqttQualityOfServiceLevel>())
        {
            var published = await client.Client.PublishAsync(Message($"{_prefix}/qos/{(int)qos}", $"at-qos-{(int)qos}", qos));
            Assert.True(published.IsSuccess, published.ReasonString);
        }

        foreach (var qos in Enum.GetValues<MqttQualityOfServiceLevel>())
        {
            var received = await client.Inbox.NextAsync($"{_prefix}/qos/{(int)qos}");
            Assert.Equal((qos, $"at-qos-{(int)qos}", false), (received.QoS, received.Payload, received.Retain));
        }
    }

    [Theory, MemberData(nameof(Versions))]
    public async Task Single_and_multi_level_wildcards_match_only_their_topics(MqttProtocolVersion version)
    {
        var subscriber = await _peers.ConnectAsync(_peers.Tcp(version));
        await MqttNetPeers.SubscribeAsync(subscriber, $"{_prefix}/+/temperature", MqttQualityOfServiceLevel.AtLeastOnce);
        await MqttNetPeers.SubscribeAsync(subscriber, $"{_prefix}/alarm/#", MqttQualityOfServiceLevel.AtLeastOnce);
        var publisher = await _peers.ConnectAsync(_peers.Tcp(version));

        string[] topics =
        [
            $"{_prefix}/kitchen/temperature", // +
            $"{_prefix}/kitchen/humidity",    // no match
            $"{_prefix}/a/b/temperature",     // no match: + is one level
            $"{_prefix}/alarm",               // # also matches the parent level (MQTT 3.1.1 §4.7.1.2)
            $"{_prefix}/alarm/door/open",     // # over two levels
            $"{_prefix}/done/temperature",    // last: one publisher's QoS 1 messages arrive in order (§4.6)
        ];
        foreach (var topic in topics)
        {
            await publisher.Client.PublishAsync(Message(topic, "x", MqttQualityOfServiceLevel.AtLeastOnce));
        }

        // Once the last message is in, anything that was going to match has arrived before it.
        await subscriber.Inbox.NextAsync($"{_prefix}/done/temperature");
        Assert.Equal([topics[0], topics[3], topics[4], topics[5]], subscriber.Inbox.Received.Select(m => m.Topic));
    }

    [Theory, MemberData(nameof(Versions))]
    public async Task A_retained_message_reaches_a_later_subscriber_flagged_retained(MqttProtocolVersion version)
    {
        var publisher = await _peers.ConnectAsync(_peers.Tcp(version));
        // QoS 1: PublishAsync returns at PUBACK, after the broker has taken the message and its retained copy.
        await publisher.Client.PublishAsync(Message($"{_prefix}/state", "on", MqttQualityOfServiceLevel.AtLeastOnce, retain: true));

        var late = await _peers.ConnectAsync(_peers.Tcp(version));
        await MqttNetPeers.SubscribeAsync(late, $"{_prefix}/#", MqttQualityOfServiceLevel.AtLeastOnce);

        var received = await late.Inbox.NextAsync($"{_prefix}/state");
        Assert.Equal(("on", true, MqttQualityOfServiceLevel.AtLeastOnce), (received.Payload, received.Retain, received.QoS));
    }

    [Theory, MemberData(nameof(Versions))]
    public async Task The_will_is_published_when_a_client_drops_without_disconnect(MqttProtocolVersion version)
    {
        var watcher = await _peers.ConnectAsync(_peers.Tcp(version));
        await MqttNetPeers.SubscribeAsync(watcher, $"{_prefix}/will", MqttQualityOfServiceLevel.AtLeastOnce);
        var dying = await _peers.ConnectAsync(_peers.Tcp(version)
            .WithWillTopic($"{_prefix}/will").WithWillPayload("gone").WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));

        // MQTTnet's Dispose closes the socket without a DISCONNECT packet: to the broker the client has simply gone
        // (MQTT 3.1.1 §3.1.2.5), which is when the will is due. A clean DisconnectAsync would discard it.
        _peers.Drop(dying);

        var will = await watcher.Inbox.NextAsync($"{_prefix}/will");
        Assert.Equal(("gone", MqttQualityOfServiceLevel.AtLeastOnce), (will.Payload, will.QoS));
    }

    [Theory, MemberData(nameof(Versions))]
    public async Task A_persistent_session_receives_a_qos1_message_queued_while_it_was_away(MqttProtocolVersion version)
    {
        var clientId = $"mn-{Guid.NewGuid():N}"[..23]; // 23 characters: the length every 3.1.1 server must accept (§3.1.3.1)
        var first = await _peers.ConnectAsync(MqttNetPeers.Persistent(_peers.Tcp(version, clientId), version));
        await MqttNetPeers.SubscribeAsync(first, $"{_prefix}/queued/#", MqttQualityOfServiceLevel.AtLeastOnce);
        await first.Client.DisconnectAsync();

        var publisher = await _peers.ConnectAsync(_peers.Tcp(version));
        await publisher.Client.PublishAsync(Message($"{_prefix}/queued/1", "while-away", MqttQualityOfServiceLevel.AtLeastOnce));

        var back = await _peers.ConnectAsync(MqttNetPeers.Persistent(_peers.Tcp(version, clientId), version));
        Assert.True(back.Result.IsSessionPresent);
        var received = await back.Inbox.NextAsync($"{_prefix}/queued/1");
        Assert.Equal(("while-away", MqttQualityOfServiceLevel.AtLeastOnce), (received.Payload, received.QoS));
    }

    [Theory, MemberData(nameof(Versions))]
    public async Task Tls_connects_to_the_certificate_the_console_serves_and_carries_messages(MqttProtocolVersion version)
    {
        var served = await _peers.ServedCertificateAsync();
        var checkedCertificates = new List<string>();

        var client = await _peers.ConnectAsync(_peers.Tls(version, presented =>
        {
            checkedCertificates.Add(presented.GetCertHashString());
            return presented.GetRawCertData().AsSpan().SequenceEqual(served.RawData);
        }));
        await MqttNetPeers.SubscribeAsync(client, $"{_prefix}/tls", MqttQualityOfServiceLevel.AtLeastOnce);
        await client.Client.PublishAsync(Message($"{_prefix}/tls", "over-tls", MqttQualityOfServiceLevel.AtLeastOnce));

        Assert.Equal([served.Thumbprint], checkedCertificates);
        Assert.Equal("over-tls", (await client.Inbox.NextAsync($"{_prefix}/tls")).Payload);
    }

    [Theory, MemberData(nameof(Versions))]
    public async Task Tls_is_refused_when_the_server_certificate_is_not_the_pinned_one(MqttProtocolVersion version)
    {
        using var other = MqttNetPeers.SelfSignedCertificate();

        await Assert.ThrowsAnyAsync<Exception>(() => _peers.ConnectAsync(_peers.Tls(version,
            presented => presented.GetRawCertData().AsSpan().SequenceEqual(other.RawData))));
    }

    [Theory, MemberData(nameof(Versions))]
    public async Task WebSocket_at_the_mqtt_path_publishes_and_receives(MqttProtocolVersion version)
    {
        var client = await _peers.ConnectAsync(_peers.WebSocket(version));
        await MqttNetPeers.SubscribeAsync(client, $"{_prefix}/ws/+", MqttQualityOfServiceLevel.ExactlyOnce);

        await client.Client.PublishAsync(Message($"{_prefix}/ws/1", "over-websocket", MqttQualityOfServiceLevel.ExactlyOnce));

        var received = await client.Inbox.NextAsync($"{_prefix}/ws/1");
        Assert.Equal(("over-websocket", MqttQualityOfServiceLevel.ExactlyOnce), (received.Payload, received.QoS));
    }

    private static MqttApplicationMessage Message(string topic, string payload, MqttQualityOfServiceLevel qos, bool retain = false) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).WithRetainFlag(retain).Build();
}
