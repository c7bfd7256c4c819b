using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.Behaviour;

public sealed class MqttConnectTests
{
    [Fact]
    public async Task Connect_is_answered_with_connack_accepted()
    {
        await using var broker = new TestBroker();
        var client = await broker.ConnectAsync("c1");
        await client.PingBarrierAsync();
        Assert.Equal(["c1"], broker.Hooks.Connected);
    }

    [Fact]
    public async Task A_packet_before_connect_closes_the_connection()
    {
        await using var broker = new TestBroker();
        var client = broker.Open();
        await client.SendAsync(MqttPacketWriter.WritePingReq);
        Assert.Empty(await client.ExpectClosedAsync());
    }

    [Fact]
    public async Task A_second_connect_is_a_protocol_violation_that_closes_the_connection()
    {
        await using var broker = new TestBroker();
        var client = await broker.ConnectAsync("c1");
        await client.SendAsync(new MqttConnectPacket { ClientId = "c1" }.WriteTo);
        Assert.Empty(await client.ExpectClosedAsync());
        Assert.Contains(broker.Hooks.Disconnected, d => d == ("c1", MqttDisconnectReason.ProtocolError));
    }

    [Fact]
    public async Task An_unknown_protocol_level_gets_connack_0x01_then_close()
    {
        await using var broker = new TestBroker();
        var client = broker.Open();

        // CONNECT "MQTT" level 6 (no such version), clean session, keep-alive 60, client id "a".
        await client.SendRawAsync(0x10, 13, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 6, 0x02, 0, 60, 0, 1, (byte)'a');

        var trailing = await client.ExpectClosedAsync();
        var ack = Assert.Single(trailing);
        Assert.Equal((MqttPacketType.ConnAck, MqttConnectReturnCode.UnacceptableProtocolVersion), (ack.Type, ack.ReturnCode));
    }

    [Fact]
    public async Task An_empty_client_id_with_clean_session_gets_an_assigned_id()
    {
        await using var broker = new TestBroker();
        var client = await broker.ConnectAsync("");
        await client.PingBarrierAsync();
        var assigned = Assert.Single(broker.Broker.GetClients()).ClientId;
        Assert.StartsWith("auto-", assigned);
    }

    [Fact]
    public async Task An_empty_client_id_without_clean_session_is_rejected_with_0x02()
    {
        await using var broker = new TestBroker();
        var client = broker.Open();
        var ack = await client.ConnectAsync(new MqttConnectPacket { ClientId = "", CleanSession = false });
        Assert.Equal(MqttConnectReturnCode.IdentifierRejected, ack.ReturnCode);
        Assert.Empty(await client.ExpectClosedAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a-client-id-of-24-chars")]
    public async Task Mqtt31_client_ids_outside_1_to_23_characters_are_rejected_with_0x02(string clientId)
    {
        await using var broker = new TestBroker();
        var client = broker.Open(version: MqttProtocolVersion.V310);
        var ack = await client.ConnectAsync(new MqttConnectPacket { ProtocolVersion = MqttProtocolVersion.V310, ClientId = clientId + (clientId.Length == 23 ? "x" : "") });
        Assert.Equal(MqttConnectReturnCode.IdentifierRejected, ack.ReturnCode);
        await client.ExpectClosedAsync();
    }

    [Fact]
    public async Task Mqtt31_clients_connect_and_publish()
    {
        await using var broker = new TestBroker();
        var sub = await broker.ConnectAsync("sub");
        await sub.SubscribeAsync("t", MqttQualityOfService.AtLeastOnce);
        var old = broker.Open(version: MqttProtocolVersion.V310);
        var ack = await old.ConnectAsync(new MqttConnectPacket { ProtocolVersion = MqttProtocolVersion.V310, ClientId = "old-client" });
        Assert.Equal(MqttConnectReturnCode.Accepted, ack.ReturnCode);
        await old.PublishAsync("t", "hi", MqttQualityOfService.AtLeastOnce, id: 3);
        Assert.Equal(3, (await old.ExpectAsync(MqttPacketType.PubAck)).PacketId);
        await sub.ExpectPublishAsync("t", "hi", MqttQualityOfService.AtLeastOnce);
    }

    [Theory]
    [InlineData(0x04)]
    [InlineData(0x05)]
    public async Task A_refusal_by_the_hooks_is_answered_with_its_return_code_then_close(byte returnCode)
    {
        var code = (MqttConnectReturnCode)returnCode;
        await using var broker = new TestBroker();
        broker.Hooks.Authenticate = request => request.UserName == "good" ? MqttAuthResult.Accept() : MqttAuthResult.Refuse(code);
        var client = broker.Open();
        var ack = await client.ConnectAsync(new MqttConnectPacket { ClientId = "d1", UserName = "bad", Password = "secret"u8.ToArray() });
        Assert.Equal(code, ack.ReturnCode);
        Assert.False(ack.SessionPresent);
        Assert.Empty(await client.ExpectClosedAsync());
        Assert.Empty(broker.Hooks.Connected);
        Assert.Equal(1, broker.Broker.GetStatistics().ConnectionsRefused);
    }

    [Fact]
    public async Task The_hooks_see_credentials_endpoint_and_transport()
    {
        await using var broker = new TestBroker();
        MqttConnectRequest? seen = null;
        broker.Hooks.Authenticate = request => { seen = request; return MqttAuthResult.Accept("device-7"); };
        var client = broker.Open();
        await client.ConnectAsync(new MqttConnectPacket { ClientId = "d7", UserName = "u", Password = "pw"u8.ToArray(), KeepAliveSeconds = 30 });
        Assert.NotNull(seen);
        Assert.Equal(("d7", "u", "pw", MqttTransport.Tcp, (ushort)30), (seen.ClientId, seen.UserName, System.Text.Encoding.UTF8.GetString(seen.Password!.Value.Span), seen.Transport, seen.KeepAliveSeconds));
        Assert.NotNull(seen.RemoteEndPoint);
        Assert.DoesNotContain("pw", seen.ToString());
    }

    [Fact]
    public async Task Session_present_is_set_when_a_persistent_session_is_resumed()
    {
        await using var broker = new TestBroker();
        var first = await broker.ConnectAsync("p1", cleanSession: false);
        await first.DisconnectAsync();
        await first.ExpectClosedAsync();

        var second = await broker.ConnectAsync("p1", cleanSession: false, expectSessionPresent: true);
        await second.DisconnectAsync();
        await second.ExpectClosedAsync();

        // A clean session discards it: no session present, and none kept afterwards.
        var clean = await broker.ConnectAsync("p1", cleanSession: true, expectSessionPresent: false);
        await clean.DisconnectAsync();
        await clean.ExpectClosedAsync();
        await broker.ConnectAsync("p1", cleanSession: false, expectSessionPresent: false);
    }

    [Fact]
    public async Task A_second_connection_with_the_same_client_id_takes_over_and_closes_the_first()
    {
        await using var broker = new TestBroker();
        var first = await broker.ConnectAsync("same");
        var second = await broker.ConnectAsync("same");
        Assert.Empty(await first.ExpectClosedAsync());
        await second.PingBarrierAsync();
        Assert.Contains(broker.Hooks.Disconnected, d => d == ("same", MqttDisconnectReason.Takeover));
        Assert.True(broker.Broker.IsConnected("same"));
        Assert.Equal(1, broker.Broker.GetStatistics().ConnectedClients);
    }

    [Fact]
    public async Task A_socket_that_sends_no_connect_in_time_is_closed()
    {
        await using var broker = new TestBroker(o => o.ConnectTimeoutSeconds = 10);
        var client = broker.Open();
        broker.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(client.BrokerTask.IsCompleted);
        broker.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await client.ExpectClosedAsync());
    }

    [Fact]
    public async Task Connections_beyond_max_connections_get_0x03_server_unavailable()
    {
        await using var broker = new TestBroker(o => o.MaxConnections = 2);
        await broker.ConnectAsync("a");
        await broker.ConnectAsync("b");
        var third = broker.Open();
        var ack = await third.ConnectAsync(new MqttConnectPacket { ClientId = "c" });
        Assert.Equal(MqttConnectReturnCode.ServerUnavailable, ack.ReturnCode);
        await third.ExpectClosedAsync();

        // Taking over an existing client id does not add a connection, so it is allowed at the limit.
        var again = await broker.ConnectAsync("b");
        await again.PingBarrierAsync();
    }

    [Theory]
    [InlineData("CONNACK")]
    [InlineData("SUBACK")]
    [InlineData("UNSUBACK")]
    [InlineData("PINGRESP")]
    public async Task A_client_sending_a_server_only_packet_is_disconnected(string type)
    {
        await using var broker = new TestBroker();
        var client = await broker.ConnectAsync("c1");
        byte[] packet = type switch
        {
            "CONNACK" => [0x20, 2, 0, 0],
            "SUBACK" => [0x90, 3, 0, 1, 0],
            "UNSUBACK" => [0xB0, 2, 0, 1],
            _ => [0xD0, 0],
        };
        await client.SendRawAsync(packet);
        Assert.Empty(await client.ExpectClosedAsync());
    }

    [Fact]
    public async Task A_malformed_packet_closes_only_that_connection()
    {
        await using var broker = new TestBroker();
        var bad = await broker.ConnectAsync("bad");
        var good = await broker.ConnectAsync("good");
        await good.SubscribeAsync("t");

        // PUBLISH at QoS 0 with DUP set is malformed (§3.3.1.1).
        await bad.SendRawAsync(0x38, 3, 0, 1, (byte)'t');
        Assert.Empty(await bad.ExpectClosedAsync());

        await broker.Broker.PublishAsync("t", "still here"u8.ToArray());
        await good.ExpectPublishAsync("t", "still here", MqttQualityOfService.AtMostOnce);
    }

    [Fact]
    public async Task A_packet_larger_than_max_packet_size_closes_the_connection()
    {
        await using var broker = new TestBroker(o => o.MaxPacketSize = 1024);
        var client = await broker.ConnectAsync("c1");
        await client.PublishAsync("t", new string('x', 2000));
        Assert.Empty(await client.ExpectClosedAsync());
    }
}
