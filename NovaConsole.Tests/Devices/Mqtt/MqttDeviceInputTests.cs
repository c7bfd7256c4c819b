using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices.Traffic;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Mqtt;

/// <summary>
/// What a broken or hostile MQTT device publishes (issue 11: devices must not exhaust the server), through real clients
/// to the running app: bad content is refused and still acknowledged, never a reason to drop the connection.
/// </summary>
[Trait("Needs", "mosquitto")]
[Trait("Needs", "python")]
public sealed class MqttDeviceInputTests : SignedInAppTests
{
    // Tests play one device with two clients (mosquitto_sub listening, mosquitto_pub talking): allow both connections
    // (by default a device's newer MQTT connection replaces the older one).
    protected override string[] AppArguments =>
        ["--Telemetry:MaxKeysPerDevice=5", "--Logging:LogLevel:NovaConsole=Information", "--Devices:MaxMqttConnectionsPerDevice=4"];

    private int MqttPort => Host.Listener("mqtt").Port;

    private async Task<Dictionary<string, JsonElement>> LatestAsync(string deviceId) =>
        (await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/telemetry/latest"))!
            .ToDictionary(v => v.GetProperty("key").GetString()!, v => v.GetProperty("value"));

    private Task<ProcessResult> PublishAsync(string deviceId, string key, string topic, string payload, params string[] extra) =>
        ProcessRunner.RunAsync("mosquitto_pub",
            ["-h", "127.0.0.1", "-p", MqttPort.ToString(), "-u", deviceId, "-P", key, "-i", $"device_{deviceId}_pub", "-q", "1", "-t", topic, "-m", payload, .. extra]);

    /// <summary>Records what the device's live messages panel would show.</summary>
    private IDisposable Watch(string deviceId, List<TrafficEntry> entries) =>
        Host.Services.GetRequiredService<DeviceTraffic>().Watch(deviceId, e => { lock (entries) entries.Add(e); }, out _);

    // Python paho-mqtt (the seeds' own client): one connection, QoS 1 publishes one after the other, each awaited.
    private const string PahoPublisher = """
        import sys, paho.mqtt.client as mqtt
        host, port, device, key, topic = sys.argv[1:6]
        disconnects = []
        client = mqtt.Client(client_id="device_" + device + "_paho", clean_session=True)
        client.username_pw_set(device, key)
        client.on_disconnect = lambda c, u, rc: disconnects.append(rc)
        client.connect(host, int(port), 60)
        client.loop_start()
        for payload in sys.argv[6:]:
            info = client.publish(topic, bytes.fromhex(payload), qos=1)
            info.wait_for_publish(timeout=10)
            print("acked" if info.is_published() else "not acked", flush=True)
        print("disconnects", len(disconnects), flush=True)
        client.disconnect()
        client.loop_stop()
        """;

    [Fact]
    public async Task A_qos1_payload_with_invalid_utf8_or_a_lone_surrogate_is_acknowledged_refused_and_the_messages_behind_it_are_stored()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var traffic = new List<TrafficEntry>();
        using var watch = Watch(deviceId, traffic);
        var logs = LogCapture.Attach(Host);
        byte[] invalidUtf8 = [.. """{"temperature":99,"mode":"ec"""u8, 0xFF, .. "\"}"u8];
        var loneSurrogate = """{"temperature":98,"mode":"\ud800"}"""u8.ToArray();

        var run = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", PahoPublisher, "127.0.0.1", MqttPort.ToString(), deviceId, key, "devices/telemetry",
            Convert.ToHexString(invalidUtf8), Convert.ToHexString(loneSurrogate),
            Convert.ToHexString("""{"temperature":22.5}"""u8), Convert.ToHexString("""{"humidity":40}"""u8)]);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Equal(["acked", "acked", "acked", "acked", "disconnects 0"], run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // PUBACK follows the commit, so the good messages are readable once the client saw them acknowledged.
        var latest = await LatestAsync(deviceId);
        Assert.Equal(22.5, latest["temperature"].GetDouble());
        Assert.Equal(40, latest["humidity"].GetDouble());
        Assert.False(latest.ContainsKey("mode"));
        lock (traffic)
        {
            Assert.Contains(traffic, e => e.Direction == TrafficDirection.Refused && e.Text.Contains("UTF-8"));
            Assert.Contains(traffic, e => e.Direction == TrafficDirection.Refused && e.Text.Contains("surrogate"));
        }
        // Two refusals within a minute: one log line, and no stack trace for either.
        var lines = logs.Lines.Where(l => l.Message.Contains(deviceId)).ToList();
        Assert.Single(lines, l => l.Message.Contains("refused"));
        Assert.DoesNotContain(lines, l => l.Exception is not null);
    }

    [Fact]
    public async Task A_number_beyond_double_range_is_refused_at_ingest_and_answered_with_result_1_where_a_response_topic_exists()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var traffic = new List<TrafficEntry>();
        using var watch = Watch(deviceId, traffic);
        var responses = ProcessRunner.RunAsync("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", MqttPort.ToString(), "-u", deviceId, "-P", key, "-i", $"device_{deviceId}_sub", "-q", "1", "-v", "-C", "2", "-W", "15",
             "-t", $"devices/attributes/response/{deviceId}/+", "-t", $"devices/event/response/{deviceId}/+"]);
        await Eventually.TrueAsync(() => Host.Services.GetRequiredService<IMqttServer>().GetClients()
            .Any(c => c.UserName == deviceId && c.Subscriptions.Count == 2), "the subscriber is ready");

        Assert.Equal(0, (await PublishAsync(deviceId, key, "devices/telemetry", """{"temperature":1e999}""")).ExitCode);
        Assert.Equal(0, (await PublishAsync(deviceId, key, $"novacloud/devices/{deviceId}/data", """{"temperature":-1e999,"humidity":5}""")).ExitCode);
        Assert.Equal(0, (await PublishAsync(deviceId, key, "devices/attributes/101", """{"port":1e999}""")).ExitCode);
        Assert.Equal(0, (await PublishAsync(deviceId, key, "devices/event/102", """{"method":"Overflow","params":{"level":1e400}}""")).ExitCode);
        var received = await responses;

        Assert.Contains($"devices/attributes/response/{deviceId}/101 {{\"result\":1,\"errcode\":\"invalid_payload\"", received.Output);
        Assert.Contains($"devices/event/response/{deviceId}/102 {{\"result\":1,\"errcode\":\"invalid_payload\"", received.Output);
        Assert.Contains("beyond the range of a double", received.Output);
        Assert.Empty(await LatestAsync(deviceId));
        lock (traffic) Assert.Equal(4, traffic.Count(e => e.Direction == TrafficDirection.Refused && e.Text.Contains("beyond the range")));
    }

    [Fact]
    public async Task Telemetry_keys_outside_the_alphabet_or_over_the_cap_are_refused_and_shown_as_refused()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var traffic = new List<TrafficEntry>();
        using var watch = Watch(deviceId, traffic);

        await PublishAsync(deviceId, key, "devices/telemetry", """{"room/1":20}""");
        await PublishAsync(deviceId, key, "devices/telemetry", """{"ok":1,"nul\u0000":2}""");
        await PublishAsync(deviceId, key, "devices/telemetry", """{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6}""");
        await PublishAsync(deviceId, key, "devices/telemetry", """{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5}""");
        await PublishAsync(deviceId, key, "devices/telemetry", """{"k1":10,"k6":6}""");
        await PublishAsync(deviceId, key, "devices/telemetry", """{"k1":11}""");

        var latest = await LatestAsync(deviceId);
        Assert.Equal(["k1", "k2", "k3", "k4", "k5"], latest.Keys.Order());
        Assert.Equal(11, latest["k1"].GetDouble());
        lock (traffic)
        {
            var refused = traffic.Where(e => e.Direction == TrafficDirection.Refused).Select(e => e.Text).ToList();
            Assert.Equal(4, refused.Count);
            Assert.Contains("'room/1' is not allowed", refused[0]);
            Assert.Contains("'nul\\u0000' is not allowed", refused[1]);
            Assert.Contains("at most 5 distinct keys", refused[2]);
            Assert.Contains("at most 5 distinct keys", refused[3]);
        }
    }

    [Fact]
    public async Task A_device_cannot_retain_on_its_own_upload_topics_which_nobody_may_read()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var broker = Host.Services.GetRequiredService<IMqttServer>();
        var traffic = new List<TrafficEntry>();
        using var watch = Watch(deviceId, traffic);
        var before = broker.GetStatistics();

        var published = await PublishAsync(deviceId, key, "devices/telemetry", """{"temperature":30}""", "-r");
        await PublishAsync(deviceId, key, $"novacloud/devices/{deviceId}/data", "{}", "-r");

        Assert.Equal(0, published.ExitCode);
        Assert.Equal(30, (await LatestAsync(deviceId))["temperature"].GetDouble());
        var after = broker.GetStatistics();
        Assert.Equal(before.RetainedMessages, after.RetainedMessages);
        Assert.Equal(before.RetainedRefused + 2, after.RetainedRefused);
        lock (traffic) Assert.Contains(traffic, e => e.Direction == TrafficDirection.Refused && e.Text.Contains("retain"));
    }
}
