using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices.Presence;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Devices;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Mqtt;

/// <summary>Devices on the running app's MQTT listeners, driven by clients written by others.</summary>
[Trait("Needs", "mosquitto")]
[Trait("Needs", "node")]
public sealed class MqttDeviceEndToEndTests : SignedInAppTests
{
    // Several tests play one device with two clients (mosquitto_sub listening, mosquitto_pub talking); by default a
    // device's newer MQTT connection replaces the older one (DeviceSessionIsolationTests), so allow both here.
    protected override string[] AppArguments => ["--Devices:MaxMqttConnectionsPerDevice=4"];

    private int MqttPort => Host.Listener("mqtt").Port;

    private DevicePresence Presence => Host.Services.GetRequiredService<DevicePresence>();

    private async Task<Dictionary<string, JsonElement>> LatestAsync(string deviceId) =>
        (await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/telemetry/latest"))!
            .ToDictionary(v => v.GetProperty("key").GetString()!, v => v.GetProperty("value"));

    private static string[] Credentials(string deviceId, string key) => ["-u", deviceId, "-P", key, "-i", $"device_{deviceId}_{Guid.NewGuid():N}"[..40]];

    private Task<ProcessResult> PublishAsync(string deviceId, string key, string topic, string payload, params string[] extra) =>
        ProcessRunner.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", MqttPort.ToString(), .. Credentials(deviceId, key), "-q", "1", "-t", topic, "-m", payload, .. extra]);

    [Fact]
    public async Task Mosquitto_pub_as_a_thingspanel_device_stores_telemetry_once_acknowledged()
    {
        var (deviceId, key) = await CreateDeviceAsync();

        var published = await PublishAsync(deviceId, key, "devices/telemetry", """{"temperature":28.5,"switch":true}""");

        Assert.Equal(0, published.ExitCode);
        // mosquitto_pub exits after PUBACK, and PUBACK follows the commit: the value is readable now.
        var latest = await LatestAsync(deviceId);
        Assert.Equal(28.5, latest["temperature"].GetDouble());
        Assert.True(latest["switch"].GetBoolean());
    }

    [Fact]
    public async Task A_wrong_key_gets_connack_4_and_a_disabled_device_connack_5()
    {
        var (deviceId, key) = await CreateDeviceAsync();

        var wrong = await PublishAsync(deviceId, "not-the-key", "devices/telemetry", "{}");
        (await Admin.PostAsync($"api/v1/devices/{deviceId}/disable", null)).EnsureSuccessStatusCode();
        var disabled = await PublishAsync(deviceId, key, "devices/telemetry", "{}");

        Assert.Contains("bad user name or password", wrong.Error + wrong.Output);
        Assert.Contains("not authorised", disabled.Error + disabled.Output);
    }

    [Fact]
    public async Task A_device_cannot_publish_or_subscribe_to_another_devices_topics()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var (otherId, _) = await CreateDeviceAsync();

        var foreignPublish = await PublishAsync(deviceId, key, $"novacloud/devices/{otherId}/data", """{"temperature":99}""");
        var foreignSubscribe = await ProcessRunner.RunAsync("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", MqttPort.ToString(), .. Credentials(deviceId, key), "-t", $"devices/command/{otherId}/+", "-C", "1", "-W", "3"]);

        Assert.Equal(0, foreignPublish.ExitCode);   // acknowledged as MQTT 3.1.1 requires, then dropped
        Assert.Empty(await LatestAsync(otherId));
        Assert.Contains("denied", foreignSubscribe.Error + foreignSubscribe.Output);
    }

    [Fact]
    public async Task Thingspanel_attributes_and_events_are_stored_and_answered_on_the_response_topics()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var port = MqttPort.ToString();
        var responses = ProcessRunner.RunAsync("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", port, .. Credentials(deviceId, key), "-q", "1", "-v", "-C", "2", "-W", "15",
             "-t", $"devices/attributes/response/{deviceId}/+", "-t", $"devices/event/response/{deviceId}/+"]);
        await Eventually.TrueAsync(() => Host.Services.GetRequiredService<IMqttServer>().GetClients()
            .Any(c => c.UserName == deviceId && c.Subscriptions.Count == 2), "the subscriber is ready");

        await PublishAsync(deviceId, key, "devices/attributes/1234567", """{"ip":"127.0.0.1","mac":"xxxxxxxxxx","port":1883}""");
        await PublishAsync(deviceId, key, "devices/event/7654321", """{"method":"FindAnimal","params":{"count":2,"animalType":"cat"}}""");
        var received = await responses;

        Assert.Contains($"devices/attributes/response/{deviceId}/1234567 {{\"result\":0,\"message\":\"success\"", received.Output);
        Assert.Contains($"devices/event/response/{deviceId}/7654321 {{\"result\":0,\"message\":\"success\"", received.Output);
        Assert.Contains("\"method\":\"FindAnimal\"", received.Output);
        var attributes = await Host.Services.GetRequiredService<NovaConsole.Devices.DeviceAttributes>().GetAsync(deviceId, CancellationToken.None);
        Assert.Equal("xxxxxxxxxx", attributes["mac"]!.GetValue<string>());
        var events = await Host.Services.GetRequiredService<NovaConsole.Devices.DeviceEvents>().ListAsync(deviceId, 10, CancellationToken.None);
        Assert.Equal("FindAnimal", Assert.Single(events).Method);
    }

    [Fact]
    public async Task A_broken_json_attribute_report_gets_result_1_and_the_connection_stays_usable()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var responses = ProcessRunner.RunAsync("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", MqttPort.ToString(), .. Credentials(deviceId, key), "-q", "1", "-v", "-C", "1", "-W", "15", "-t", $"devices/attributes/response/{deviceId}/+"]);
        await Eventually.TrueAsync(() => Host.Services.GetRequiredService<IMqttServer>().GetClients().Any(c => c.UserName == deviceId && c.Subscriptions.Count == 1), "the subscriber is ready");

        var bad = await PublishAsync(deviceId, key, "devices/attributes/42", "{\"ip\": ");

        Assert.Equal(0, bad.ExitCode);
        var output = (await responses).Output;
        Assert.Contains("\"result\":1", output);
        Assert.Contains("\"errcode\":\"invalid_json\"", output);
    }

    [Fact]
    public async Task Mosquitto_pub_over_tls_verifies_the_served_certificate()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var caFile = Path.Combine(Host.DataPath, "ca.pem");
        await File.WriteAllTextAsync(caFile, await Admin.GetStringAsync("api/v1/broker/certificate.pem"));

        var published = await ProcessRunner.RunAsync("mosquitto_pub",
            ["-h", "127.0.0.1", "-p", Host.Listener("mqtt-tls").Port.ToString(), "--cafile", caFile, .. Credentials(deviceId, key), "-q", "1", "-t", "devices/telemetry", "-m", """{"temperature":19.5}"""]);

        Assert.True(published.ExitCode == 0, published.Error);
        Assert.Equal(19.5, (await LatestAsync(deviceId))["temperature"].GetDouble());
    }

    [Fact]
    public async Task Mqttjs_over_websocket_publishes_telemetry_and_receives_a_command()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var url = $"ws://127.0.0.1:{Host.BaseAddress.Port}/mqtt";
        var device = ProcessRunner.RunAsync("node", ["ws-device.mjs", url, deviceId, key], workingDirectory: Path.Combine(ProcessRunner.RepositoryRoot, "NovaConsole.Tests", "node"));
        await Eventually.TrueAsync(() => Host.Services.GetRequiredService<IMqttServer>().GetClients().Any(c => c.UserName == deviceId && c.Subscriptions.Count == 1), "MQTT.js has subscribed");
        await Eventually.TrueAsync(() => LatestAsync(deviceId).Result.ContainsKey("door"), "the telemetry is stored");

        await Host.Services.GetRequiredService<IMqttServer>().PublishAsync($"devices/command/{deviceId}/1", Encoding.UTF8.GetBytes("""{"method":"ReSet","params":{"switch":1}}"""), MqttQualityOfService.AtLeastOnce);

        var result = await device;
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"command devices/command/{deviceId}/1 {{\"method\":\"ReSet\"", result.Output);
        Assert.Equal("closed", (await LatestAsync(deviceId))["door"].GetString());
    }

    [Fact]
    public async Task Resetting_the_key_closes_the_mqtt_session_and_only_the_new_key_connects()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var subscriber = ProcessRunner.RunAsync("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", MqttPort.ToString(), .. Credentials(deviceId, key), "-t", $"novacloud/devices/{deviceId}/command", "-W", "20"]);
        await Eventually.TrueAsync(() => Presence.IsOnline(deviceId), "the device is online");

        var reset = await Admin.PostAsync($"api/v1/devices/{deviceId}/key", null);
        var newKey = (await reset.Content.ReadFromJsonAsync<KeyDto>())!.Key;

        // mosquitto_sub reconnects with the old key, is refused, and gives up.
        var ended = await subscriber;
        Assert.Contains("bad user name or password", ended.Error + ended.Output);
        await Eventually.TrueAsync(() => !Presence.IsOnline(deviceId), "the device goes offline");
        Assert.Contains("key", Presence.Find(deviceId)!.LastReason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await PublishAsync(deviceId, newKey, "devices/telemetry", """{"t":1}""")).ExitCode);
    }
}
