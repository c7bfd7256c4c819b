using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Mqtt;

/// <summary>
/// A ThingsPanel device on MQTT.js with protocolVersion 5: the same identity and topic rules as 3.1.1, and commands
/// that carry a Response Topic and Correlation Data (MQTT 5.0 §4.10), so the answer is matched by the command id.
/// </summary>
[Trait("Needs", "node")]
public sealed class Mqtt5DeviceCommandTests : SignedInAppTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Mqttjs_v5_device_answer_is_matched_by_its_correlation_data_MQTT_s_4_10()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var url = $"mqtt://127.0.0.1:{Host.Listener("mqtt").Port}";
        var device = ProcessRunner.RunAsync("node", ["mqtt5-device.mjs", url, deviceId, key],
            workingDirectory: Path.Combine(ProcessRunner.RepositoryRoot, "NovaConsole.Tests", "node"));
        var broker = Host.Services.GetRequiredService<IMqttServer>();
        await Eventually.TrueAsync(() => broker.GetClients().Any(c => c.UserName == deviceId && c.Subscriptions.Count == 1), "MQTT.js has subscribed");

        var sent = await Admin.PostAsJsonAsync($"api/v1/devices/{deviceId}/commands", new { kind = "command", name = "ReSet", @params = new { all = 1 } });
        var entry = await sent.Content.ReadFromJsonAsync<JsonElement>(Web);
        var id = entry.GetProperty("id").GetInt64();
        var messageId = entry.GetProperty("messageId").GetString();

        var result = await device;
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"command devices/command/{deviceId}/{messageId} response-topic devices/command/response/{messageId} correlation {id}", result.Output);
        var answered = await Eventually.GetAsync(
            async () => await Admin.GetFromJsonAsync<JsonElement>($"api/v1/commands/{id}", Web),
            e => e.GetProperty("status").GetString() != "sent");
        Assert.Equal("responded-ok", answered.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("$share/g/")] // the device ACL applies to the filter inside a shared subscription
    public async Task A_v5_device_cannot_subscribe_to_another_devices_commands(string share)
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var (otherId, _) = await CreateDeviceAsync();
        var port = Host.Listener("mqtt").Port.ToString();

        var sub = await ProcessRunner.RunAsync("mosquitto_sub", ["-h", "127.0.0.1", "-p", port, "-V", "5", "-u", deviceId, "-P", key,
            "-i", $"device_{deviceId}_v5sub", "-t", $"{share}devices/command/{otherId}/+", "-d", "-W", "3"]);

        Assert.Contains("Subscribed", sub.Output + sub.Error);
        Assert.Contains("135", sub.Output + sub.Error); // SUBACK 0x87 Not authorized, as 0x80 in 3.1.1
    }
}
