using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices.Traffic;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Mqtt;

/// <summary>
/// One device can never reach another's MQTT session: not by its client id (seed 004's examples make them
/// guessable), not through a session left behind by an old key, not with a second connection of its own.
/// </summary>
[Trait("Needs", "mosquitto")]
[Trait("Needs", "python")]
public sealed class DeviceSessionIsolationTests : SignedInAppTests
{
    private string Port => Host.Listener("mqtt").Port.ToString();

    private IMqttServer Broker => Host.Services.GetRequiredService<IMqttServer>();

    /// <summary>A paho client that connects once, subscribes, prints what it receives and never reconnects.</summary>
    private const string OneShotSubscriber = """
        import sys, paho.mqtt.client as mqtt
        host, port, user, key, client_id, topic = sys.argv[1:7]
        done = []
        c = mqtt.Client(client_id=client_id, clean_session=False)
        c.username_pw_set(user, key)
        c.on_connect = lambda c, u, f, rc: (print("connack", rc, flush=True), rc == 0 and c.subscribe(topic, 1))
        c.on_subscribe = lambda c, u, mid, q: print("subscribed", q, flush=True)
        c.on_message = lambda c, u, m: print("message", m.topic, m.payload.decode(), flush=True)
        c.on_disconnect = lambda c, u, rc: (print("disconnected", rc, flush=True), done.append(1))
        c.connect(host, int(port), 60)
        while not done:
            c.loop(0.2)
        """;

    private BackgroundProcess Subscribe(string user, string key, string clientId, string topic) =>
        BackgroundProcess.Start("/usr/bin/python3", ["-c", OneShotSubscriber, "127.0.0.1", Port, user, key, clientId, topic]);

    private async Task<long> SendCommandAsync(string deviceId, string secret)
    {
        var response = await Admin.PostAsJsonAsync($"api/v1/devices/{deviceId}/commands", new { kind = "command", name = "SetWifi", @params = new { psk = secret } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Another_device_using_a_victims_client_id_is_refused_and_the_victim_keeps_its_session_and_commands()
    {
        var (victimId, victimKey) = await CreateDeviceAsync("Victim");
        var (attackerId, attackerKey) = await CreateDeviceAsync("Attacker");
        var clientId = $"device_{victimId}";
        var traffic = Host.Services.GetRequiredService<DeviceTraffic>();
        var refused = new System.Collections.Concurrent.ConcurrentQueue<TrafficEntry>();
        using var watchVictim = traffic.Watch(victimId, e => refused.Enqueue(e), out _);
        using var watchAttacker = traffic.Watch(attackerId, e => refused.Enqueue(e), out _);
        await using var victim = Subscribe(victimId, victimKey, clientId, $"devices/command/{victimId}/+");
        await victim.WaitForOutputAsync(o => o.Contains("subscribed"), "the victim subscribed to its commands");

        var attack = await ProcessRunner.RunAsync("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", Port, "-u", attackerId, "-P", attackerKey, "-i", clientId, "-c", "-q", "1", "-t", $"devices/command/{attackerId}/+", "-C", "1", "-W", "10"]);
        await SendCommandAsync(victimId, "hunter2-wifi");

        Assert.Contains("identifier rejected", attack.Error + attack.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", attack.Output);
        await victim.WaitForOutputAsync(o => o.Contains("hunter2-wifi"), "the victim still receives its own command");
        Assert.DoesNotContain("disconnected", victim.Output);
        var session = Assert.Single(Broker.GetClients(), c => c.ClientId == clientId);
        Assert.Equal(victimId, session.UserName);
        Assert.Contains(refused, e => e.DeviceId == victimId && e.Direction == TrafficDirection.Refused && e.Text.Contains(attackerId));
        Assert.Contains(refused, e => e.DeviceId == attackerId && e.Direction == TrafficDirection.Refused && e.Text.Contains("another device"));
    }

    [Fact]
    public async Task Resetting_a_devices_key_discards_its_persistent_session_with_queued_commands()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var subscribed = await ProcessRunner.RunAsync("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", Port, "-u", deviceId, "-P", key, "-i", $"device_{deviceId}", "-c", "-q", "1", "-t", $"devices/command/{deviceId}/+", "-E"]);
        Assert.Equal(0, subscribed.ExitCode);
        Assert.Equal(1, Broker.GetStatistics().Sessions);

        (await Admin.PostAsync($"api/v1/devices/{deviceId}/key", null)).EnsureSuccessStatusCode();

        Assert.Equal(0, Broker.GetStatistics().Sessions);
    }

    [Fact]
    public async Task A_second_mqtt_connection_of_the_same_device_replaces_the_first_whatever_its_client_id()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        await using var first = Subscribe(deviceId, key, $"device_{deviceId}_a", $"devices/command/{deviceId}/+");
        await first.WaitForOutputAsync(o => o.Contains("subscribed"), "the first connection subscribed");

        await using var second = Subscribe(deviceId, key, $"device_{deviceId}_b", $"devices/command/{deviceId}/+");
        await second.WaitForOutputAsync(o => o.Contains("subscribed"), "the second connection subscribed");

        await first.WaitForOutputAsync(o => o.Contains("disconnected"), "the first connection is closed");
        await SendCommandAsync(deviceId, "only-once");
        await second.WaitForOutputAsync(o => o.Contains("only-once"), "the live connection receives the command");
        Assert.Equal([$"device_{deviceId}_b"], Broker.GetClients().Where(c => c.UserName == deviceId).Select(c => c.ClientId));
        Assert.DoesNotContain("only-once", first.Output);
    }

    [Fact]
    public async Task A_subscription_naming_the_device_in_another_case_is_refused_with_the_reason()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var traffic = Host.Services.GetRequiredService<DeviceTraffic>();
        var refused = new System.Collections.Concurrent.ConcurrentQueue<TrafficEntry>();
        using var watch = traffic.Watch(deviceId, e => refused.Enqueue(e), out _);

        var lower = await ProcessRunner.RunAsync("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", Port, "-u", deviceId, "-P", key, "-t", $"devices/command/{deviceId.ToLowerInvariant()}/+", "-C", "1", "-W", "10"]);

        Assert.Contains("denied", lower.Error + lower.Output);
        Assert.Contains(refused, e => e.Direction == TrafficDirection.Refused && e.Text.Contains("exactly as registered"));
    }
}
