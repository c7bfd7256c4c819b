using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Commands;

/// <summary>Commands sent through the REST API reach real devices over each transport, and their answers complete the operation log.</summary>
[Trait("Needs", "mosquitto")]
[Trait("Needs", "python")]
public sealed partial class CommandsEndToEndTests : SignedInAppTests
{
    private async Task<(string DeviceId, string Key)> CreateActuatedDeviceAsync()
    {
        var response = await Admin.PostAsJsonAsync("api/v1/devices", new
        {
            name = "Actuated",
            actuators = new object[]
            {
                new { key = "relay1", name = "Relay 1", type = "enum", options = new[] { "ON", "OFF" } },
                new { key = "led_brightness", name = "LED", type = "number", min = 0, max = 100 },
            },
        });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("deviceId").GetString()!, created.GetProperty("key").GetString()!);
    }

    private async Task<JsonElement> SendAsync(string deviceId, object body)
    {
        var response = await Admin.PostAsJsonAsync($"api/v1/devices/{deviceId}/commands", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<JsonElement> EntryWhenDoneAsync(long id) =>
        Eventually.GetAsync(() => Admin.GetFromJsonAsync<JsonElement>($"api/v1/commands/{id}"),
            entry => entry.GetProperty("status").GetString() is not ("sent" or "pending"), TimeSpan.FromSeconds(20));

    [Fact]
    public async Task A_control_reaches_the_seeds_tcp_client_and_its_response_completes_the_log()
    {
        var (deviceId, key) = await CreateActuatedDeviceAsync();
        await using var script = SeedScript.Start("novacloud_tcp_client.py", deviceId, key, "127.0.0.1", Host.Listener("device-tcp").Port);
        await script.WaitForAsync("Authentication successful");

        var sent = await SendAsync(deviceId, new { kind = "control", @params = new { relay1 = "ON", led_brightness = 80 } });
        var done = await EntryWhenDoneAsync(sent.GetProperty("id").GetInt64());

        await script.WaitForAsync("Received command: set_actuator");
        Assert.Equal("tcp", done.GetProperty("transport").GetString());
        Assert.Equal("responded-ok", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_control_reaches_the_seeds_novacloud_mqtt_example_and_its_answer_on_the_data_topic_completes_the_log()
    {
        var (deviceId, key) = await CreateActuatedDeviceAsync();
        await using var script = SeedScript.Start("novacloud_mqtt_command.py", deviceId, key, "127.0.0.1", Host.Listener("mqtt").Port);
        await script.WaitForAsync("Connected to MQTT Broker!");
        await Eventually.TrueAsync(() => Host.Services.GetService(typeof(NovaConsole.Mqtt.Broker.IMqttServer)) is NovaConsole.Mqtt.Broker.IMqttServer broker
            && broker.GetClients().Any(c => c.UserName == deviceId && c.Subscriptions.Count == 1), "the device subscribed to its command topic");

        var sent = await SendAsync(deviceId, new { kind = "control", @params = new { relay1 = "ON", led_brightness = 80 } });
        var done = await EntryWhenDoneAsync(sent.GetProperty("id").GetInt64());

        await script.WaitForAsync("Command executed");
        Assert.Equal("mqtt", done.GetProperty("transport").GetString());
        Assert.Equal("responded-ok", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_thingspanel_command_over_mosquitto_is_answered_by_message_id()
    {
        var (deviceId, key) = await CreateActuatedDeviceAsync();
        var port = Host.Listener("mqtt").Port.ToString();
        await using var device = BackgroundProcess.Start("stdbuf", ["-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-u", deviceId, "-P", key,
            "-i", $"device_{deviceId}_tp", "-q", "1", "-v", "-t", $"devices/command/{deviceId}/+"]);
        await Eventually.TrueAsync(() => Host.Services.GetService(typeof(NovaConsole.Mqtt.Broker.IMqttServer)) is NovaConsole.Mqtt.Broker.IMqttServer broker
            && broker.GetClients().Any(c => c.UserName == deviceId && c.Subscriptions.Count == 1), "the device subscribed to its command topic");

        var sent = await SendAsync(deviceId, new { kind = "command", name = "ReSet", @params = new { @switch = 1, light = "close" } });
        await device.WaitForOutputAsync(output => output.Contains($"devices/command/{deviceId}/"), "the device receives the command");
        var line = device.Output.Split('\n').First(l => l.Contains($"devices/command/{deviceId}/"));
        var messageId = CommandTopic().Match(line).Groups[1].Value;
        Assert.Contains("\"method\":\"ReSet\"", line);
        var answer = await ProcessRunner.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", port, "-u", deviceId, "-P", key, "-i", $"device_{deviceId}_tpr", "-q", "1",
            "-t", $"devices/command/response/{messageId}", "-m", """{"result":0,"message":"success","ts":1609143039,"method":"ReSet"}"""]);
        var done = await EntryWhenDoneAsync(sent.GetProperty("id").GetInt64());

        Assert.Equal(0, answer.ExitCode);
        Assert.Equal("responded-ok", done.GetProperty("status").GetString());
        Assert.Equal(messageId, done.GetProperty("messageId").GetString());
    }

    [GeneratedRegex(@"devices/command/[^/]+/(\S+) ")]
    private static partial Regex CommandTopic();
}
