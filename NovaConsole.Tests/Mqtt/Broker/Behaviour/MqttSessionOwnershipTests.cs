using System.Text;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Mqtt.Broker.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.Behaviour;

/// <summary>Sessions belong to the principal that created them (<see cref="MqttAuthResult.SessionOwner"/>), not to whoever knows the client id.</summary>
public sealed class MqttSessionOwnershipTests
{
    private const MqttQualityOfService Q1 = MqttQualityOfService.AtLeastOnce;

    private static TestBroker OwnedBroker()
    {
        var broker = new TestBroker();
        broker.Hooks.Authenticate = r => MqttAuthResult.Accept(r.UserName, sessionOwner: r.UserName);
        return broker;
    }

    private static async Task<TestClient> ConnectAsAsync(TestBroker broker, string owner, string clientId, bool cleanSession, bool expectSessionPresent = false)
    {
        var client = broker.Open();
        var ack = await client.ConnectAsync(new MqttConnectPacket
        {
            ClientId = clientId, CleanSession = cleanSession, UserName = owner, Password = Encoding.UTF8.GetBytes("k"),
        });
        Assert.Equal(MqttConnectReturnCode.Accepted, ack.ReturnCode);
        Assert.Equal(expectSessionPresent, ack.SessionPresent);
        return client;
    }

    private static async Task<MqttConnectReturnCode> TryConnectAsAsync(TestBroker broker, string owner, string clientId, bool cleanSession)
    {
        var client = broker.Open();
        var ack = await client.ConnectAsync(new MqttConnectPacket
        {
            ClientId = clientId, CleanSession = cleanSession, UserName = owner, Password = Encoding.UTF8.GetBytes("k"),
        });
        await client.ExpectClosedAsync();
        return ack.ReturnCode;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_connected_clients_id_used_by_another_owner_is_refused_with_0x02_and_the_owner_keeps_its_connection(bool cleanSession)
    {
        await using var broker = OwnedBroker();
        var victim = await ConnectAsAsync(broker, "device:A", "device_A", cleanSession: false);
        await victim.SubscribeAsync("commands/A", Q1);

        var code = await TryConnectAsAsync(broker, "device:B", "device_A", cleanSession);

        Assert.Equal(MqttConnectReturnCode.IdentifierRejected, code);
        await broker.Broker.PublishAsync("commands/A", "pin=1234"u8.ToArray(), Q1);
        await victim.ExpectPublishAsync("commands/A", "pin=1234", Q1);
        Assert.Empty(broker.Hooks.Disconnected);
        Assert.Equal(1, broker.Broker.GetStatistics().ConnectionsRefused);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_offline_persistent_session_can_be_neither_resumed_nor_discarded_by_another_owner(bool cleanSession)
    {
        await using var broker = OwnedBroker();
        var victim = await ConnectAsAsync(broker, "device:A", "device_A", cleanSession: false);
        await victim.SubscribeAsync("commands/A", Q1);
        await victim.DisconnectAsync();
        await victim.ExpectClosedAsync();
        await broker.Broker.PublishAsync("commands/A", "wifi-key"u8.ToArray(), Q1);

        var code = await TryConnectAsAsync(broker, "device:B", "device_A", cleanSession);

        Assert.Equal(MqttConnectReturnCode.IdentifierRejected, code);
        var back = await ConnectAsAsync(broker, "device:A", "device_A", cleanSession: false, expectSessionPresent: true);
        await back.ExpectPublishAsync("commands/A", "wifi-key", Q1);
    }

    [Fact]
    public async Task The_owner_itself_still_takes_over_its_own_client_id()
    {
        await using var broker = OwnedBroker();
        var first = await ConnectAsAsync(broker, "device:A", "device_A", cleanSession: false);

        var second = await ConnectAsAsync(broker, "device:A", "device_A", cleanSession: false, expectSessionPresent: true);

        await first.ExpectClosedAsync();
        await second.PingBarrierAsync();
        Assert.Contains(broker.Hooks.Disconnected, d => d.Reason == MqttDisconnectReason.Takeover);
    }

    [Fact]
    public async Task The_refused_owner_is_reported_to_the_hooks_with_the_sessions_owner()
    {
        await using var broker = OwnedBroker();
        var conflicts = new List<(string? Who, string? Owner)>();
        broker.Hooks.OwnerConflict = (client, owner) => { lock (conflicts) conflicts.Add((client.SessionOwner, owner)); };
        await ConnectAsAsync(broker, "device:A", "device_A", cleanSession: true);

        await TryConnectAsAsync(broker, "device:B", "device_A", cleanSession: true);

        Assert.Equal(("device:B", "device:A"), Assert.Single(conflicts));
    }

    [Fact]
    public async Task A_resumed_sessions_subscriptions_are_authorized_again_and_refused_ones_removed()
    {
        await using var broker = OwnedBroker();
        var client = await ConnectAsAsync(broker, "device:A", "device_A", cleanSession: false);
        await client.SubscribeAsync("allowed", Q1);
        await client.SubscribeAsync("revoked", Q1);
        await client.DisconnectAsync();
        await client.ExpectClosedAsync();
        broker.Hooks.DeniedFilters["revoked"] = true;

        var back = await ConnectAsAsync(broker, "device:A", "device_A", cleanSession: false, expectSessionPresent: true);
        await broker.Broker.PublishAsync("revoked", "no"u8.ToArray(), Q1);
        await broker.Broker.PublishAsync("allowed", "yes"u8.ToArray(), Q1);

        await back.ExpectPublishAsync("allowed", "yes", Q1);
        var subscriptions = Assert.Single(broker.Broker.GetClients()).Subscriptions;
        Assert.Equal("allowed", Assert.Single(subscriptions).Filter);
    }

    [Fact]
    public async Task Ending_an_owners_sessions_closes_its_connections_and_discards_its_persistent_sessions_only()
    {
        await using var broker = OwnedBroker();
        var online = await ConnectAsAsync(broker, "device:A", "device_A_1", cleanSession: false);
        var away = await ConnectAsAsync(broker, "device:A", "device_A_2", cleanSession: false);
        await away.SubscribeAsync("commands/A", Q1);
        await away.DisconnectAsync();
        await away.ExpectClosedAsync();
        var other = await ConnectAsAsync(broker, "device:B", "device_B", cleanSession: false);

        var removed = await broker.Broker.EndSessionsAsync("device:A");

        Assert.Equal(2, removed);
        await online.ExpectClosedAsync();
        Assert.Equal(["device_B"], broker.Broker.GetClients().Select(c => c.ClientId));
        Assert.Equal(1, broker.Broker.GetStatistics().Sessions);
        await ConnectAsAsync(broker, "device:A", "device_A_2", cleanSession: false, expectSessionPresent: false);
        await other.PingBarrierAsync();
    }
}
