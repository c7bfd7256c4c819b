using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;
using static NovaConsole.Tests.Mqtt.Broker.Mqtt5.Mqtt5TestClients;

namespace NovaConsole.Tests.Mqtt.Broker.Mqtt5;

/// <summary>
/// MQTT 5.0 CONNECT, CONNACK and DISCONNECT, named after the specification's normative statements: the statement id
/// ends the test name (MQTT_3_1_4_3 is [MQTT-3.1.4-3]); a section (MQTT_s_3_2_2_3) where the rule has no id.
/// </summary>
public sealed class Mqtt5ConnectTests
{
    [Fact]
    public async Task Connack_success_announces_the_server_limits_MQTT_s_3_2_2_3()
    {
        await using var broker = new TestBroker(o => { o.MaxPacketSize = 4096; o.MaxPendingAcknowledgements = 20; });
        var (client, ack) = await OpenAsync(broker, "c5");

        Assert.Equal(MqttReasonCode.Success, ack.Reason);
        var p = ack.Properties!;
        Assert.Equal((ushort)20, p.ReceiveMaximum);
        Assert.Equal(4096u, p.MaximumPacketSize);
        Assert.Equal((ushort)16, p.TopicAliasMaximum);
        Assert.Equal((byte)1, p.RetainAvailable);
        Assert.Equal((byte)1, p.WildcardSubscriptionAvailable);
        Assert.Equal((byte)1, p.SharedSubscriptionAvailable);
        Assert.Equal((byte)1, p.SubscriptionIdentifierAvailable);
        Assert.Null(p.AssignedClientIdentifier);
        await client.PingBarrierAsync();
        Assert.Equal(MqttProtocolVersion.V500, Assert.Single(broker.Broker.GetClients()).ProtocolVersion);
    }

    [Fact]
    public async Task Empty_client_id_is_assigned_and_returned_in_connack_MQTT_3_1_3_7()
    {
        await using var broker = new TestBroker();
        var (client, ack) = await OpenAsync(broker, "", cleanStart: false);

        var assigned = ack.Properties!.AssignedClientIdentifier;
        Assert.StartsWith("auto-", assigned);
        await client.PingBarrierAsync();
        Assert.Equal(assigned, Assert.Single(broker.Broker.GetClients()).ClientId);
    }

    [Fact]
    public async Task Authentication_method_is_refused_with_0x8C_and_the_connection_closed_MQTT_3_1_4_6()
    {
        await using var broker = new TestBroker();
        var (client, ack) = await OpenAsync(broker, "c5", new MqttProperties { AuthenticationMethod = "SCRAM-SHA-1" });

        Assert.Equal(MqttReasonCode.BadAuthenticationMethod, ack.Reason);
        Assert.False(ack.SessionPresent);
        Assert.Empty(await client.ExpectClosedAsync());
        Assert.Empty(broker.Hooks.Connected);
    }

    [Theory]
    [InlineData(0x04, 0x86)] // bad user name or password
    [InlineData(0x05, 0x87)] // not authorized
    [InlineData(0x02, 0x85)] // client identifier not valid
    [InlineData(0x03, 0x88)] // server unavailable
    public async Task Refused_connect_gets_the_v5_reason_code_then_close_MQTT_3_2_2_7(byte refusal, byte expected)
    {
        await using var broker = new TestBroker();
        broker.Hooks.Authenticate = _ => MqttAuthResult.Refuse((MqttConnectReturnCode)refusal);
        var (client, ack) = await OpenAsync(broker, "c5");

        Assert.Equal((MqttReasonCode)expected, ack.Reason);
        Assert.Empty(await client.ExpectClosedAsync());
    }

    [Fact]
    public async Task Connack_reason_0x85_for_a_client_id_whose_session_belongs_to_another_owner_MQTT_3_1_3_8()
    {
        await using var broker = new TestBroker();
        broker.Hooks.Authenticate = r => MqttAuthResult.Accept(r.UserName, sessionOwner: r.UserName);
        var (owner, _) = await OpenAsync(broker, "dev-1", userName: "alice");

        var (intruder, ack) = await OpenAsync(broker, "dev-1", userName: "mallory");

        Assert.Equal(MqttReasonCode.ClientIdentifierNotValid, ack.Reason);
        Assert.Empty(await intruder.ExpectClosedAsync());
        await owner.PingBarrierAsync();
    }

    [Fact]
    public async Task Takeover_sends_disconnect_0x8E_to_the_existing_client_MQTT_3_1_4_3()
    {
        await using var broker = new TestBroker();
        var first = await ConnectAsync(broker, "c5");

        var second = await ConnectAsync(broker, "c5");

        var disconnect = await first.ExpectServerDisconnectAsync();
        Assert.Equal(MqttReasonCode.SessionTakenOver, disconnect.Reason);
        Assert.False(string.IsNullOrEmpty(disconnect.Properties?.ReasonString));
        await second.PingBarrierAsync();
    }

    [Fact]
    public async Task Server_kick_sends_disconnect_0x98_administrative_action()
    {
        await using var broker = new TestBroker();
        var client = await ConnectAsync(broker, "c5");
        await client.PingBarrierAsync();

        Assert.True(await broker.Broker.DisconnectAsync("c5"));

        Assert.Equal(MqttReasonCode.AdministrativeAction, (await client.ExpectServerDisconnectAsync()).Reason);
    }

    [Fact]
    public async Task Keep_alive_timeout_sends_disconnect_0x8D_MQTT_3_1_2_22()
    {
        await using var broker = new TestBroker();
        var client = broker.Open(version: V5);
        await client.ConnectAsync(new MqttConnectPacket { ProtocolVersion = V5, ClientId = "c5", KeepAliveSeconds = 10 });
        await client.PingBarrierAsync();

        broker.Time.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal(MqttReasonCode.KeepAliveTimeout, (await client.ExpectServerDisconnectAsync()).Reason);
    }

    [Fact]
    public async Task Packet_larger_than_the_maximum_gets_disconnect_0x95_MQTT_s_3_2_2_3_6()
    {
        await using var broker = new TestBroker(o => o.MaxPacketSize = 128);
        var client = await ConnectAsync(broker, "c5");

        await client.PublishAsync("t", new string('x', 200), null);

        Assert.Equal(MqttReasonCode.PacketTooLarge, (await client.ExpectServerDisconnectAsync()).Reason);
    }

    [Fact]
    public async Task Malformed_property_gets_disconnect_0x81_MQTT_s_4_13_1()
    {
        await using var broker = new TestBroker();
        var client = await ConnectAsync(broker, "c5");

        // PUBLISH "a/b" with Session Expiry Interval, a property PUBLISH may not carry.
        await client.SendRawAsync(0x30, 0x0b, 0x00, 0x03, 0x61, 0x2f, 0x62, 0x05, 0x11, 0, 0, 0, 1);

        Assert.Equal(MqttReasonCode.MalformedPacket, (await client.ExpectServerDisconnectAsync()).Reason);
    }

    [Fact]
    public async Task Auth_packet_without_enhanced_authentication_gets_disconnect_0x82()
    {
        await using var broker = new TestBroker();
        var client = await ConnectAsync(broker, "c5");

        await client.SendAsync(w => new MqttAuthPacket(MqttReasonCode.ReAuthenticate).WriteTo(w, V5));

        Assert.Equal(MqttReasonCode.ProtocolError, (await client.ExpectServerDisconnectAsync()).Reason);
    }

    [Fact]
    public async Task Disconnect_0x04_publishes_the_will_MQTT_s_3_14_2_1()
    {
        await using var broker = new TestBroker();
        var watcher = await ConnectAsync(broker, "watcher");
        await watcher.SubscribeAsync(1, null, new MqttTopicSubscription("will/#", MqttQualityOfService.AtMostOnce));
        var client = await ConnectAsync(broker, "c5", will: new MqttWill("will/c5", "gone"u8.ToArray(), MqttQualityOfService.AtMostOnce, false));

        await client.DisconnectAsync(MqttReasonCode.DisconnectWithWillMessage);

        await watcher.ExpectPublishAsync("will/c5", "gone", MqttQualityOfService.AtMostOnce);
        Assert.Empty(await client.ExpectClosedAsync());
    }

    [Fact]
    public async Task Normal_disconnect_discards_the_will_MQTT_3_1_2_10()
    {
        await using var broker = new TestBroker();
        var watcher = await ConnectAsync(broker, "watcher");
        await watcher.SubscribeAsync(1, null, new MqttTopicSubscription("will/#", MqttQualityOfService.AtMostOnce));
        var client = await ConnectAsync(broker, "c5", will: new MqttWill("will/c5", "gone"u8.ToArray(), MqttQualityOfService.AtMostOnce, false));

        await client.DisconnectAsync(MqttReasonCode.Success);

        Assert.Empty(await client.ExpectClosedAsync());
        await watcher.PingBarrierAsync();
        Assert.DoesNotContain(broker.Hooks.Received, r => r.Topic == "will/c5");
    }
}
