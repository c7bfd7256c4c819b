using System.Buffers;
using System.Text;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.Mqtt5;

/// <summary>MQTT 5 helpers over <see cref="TestBroker"/> and <see cref="TestClient"/> (in-memory pipes, raw packets).</summary>
internal static class Mqtt5TestClients
{
    public const MqttProtocolVersion V5 = MqttProtocolVersion.V500;

    public static async Task<(TestClient Client, Received ConnAck)> OpenAsync(
        TestBroker broker, string clientId, MqttProperties? properties = null, bool cleanStart = true, MqttWill? will = null, string? userName = null)
    {
        var client = broker.Open(version: V5);
        var ack = await client.ConnectAsync(new MqttConnectPacket
        {
            ProtocolVersion = V5, ClientId = clientId, CleanSession = cleanStart, Properties = properties, Will = will, UserName = userName,
        });
        return (client, ack);
    }

    public static async Task<TestClient> ConnectAsync(
        TestBroker broker, string clientId, MqttProperties? properties = null, bool cleanStart = true, MqttWill? will = null, bool expectSessionPresent = false)
    {
        var (client, ack) = await OpenAsync(broker, clientId, properties, cleanStart, will);
        Assert.Equal(MqttReasonCode.Success, ack.Reason);
        Assert.Equal(expectSessionPresent, ack.SessionPresent);
        return client;
    }

    public static Task PublishAsync(
        this TestClient client, string topic, string payload, MqttProperties? properties,
        MqttQualityOfService qos = MqttQualityOfService.AtMostOnce, ushort id = 0, bool retain = false) =>
        client.SendAsync(w => MqttPacketWriter.WritePublish(
            w, Encoding.UTF8.GetBytes(topic), new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), qos, retain, false, id, V5, properties));

    public static async Task<IReadOnlyList<MqttSubscribeReturnCode>> SubscribeAsync(
        this TestClient client, ushort id, MqttProperties? properties, params MqttTopicSubscription[] subscriptions)
    {
        var packet = new MqttSubscribePacket(id, subscriptions) { Properties = properties };
        await client.SendAsync(w => packet.WriteTo(w, V5));
        var ack = await client.ExpectAsync(MqttPacketType.SubAck);
        Assert.Equal(id, ack.PacketId);
        return ack.SubAckCodes!;
    }

    public static Task DisconnectAsync(this TestClient client, MqttReasonCode reason, MqttProperties? properties = null) =>
        client.SendAsync(w => new MqttDisconnectPacket(reason) { Properties = properties }.WriteTo(w, V5));

    /// <summary>The broker's DISCONNECT, then the close.</summary>
    public static async Task<Received> ExpectServerDisconnectAsync(this TestClient client)
    {
        var trailing = await client.ExpectClosedAsync();
        return Assert.Single(trailing, p => p.Type == MqttPacketType.Disconnect);
    }
}
