using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Commands;

/// <summary>
/// ThingsPanel kinds that seed 000 gives no response topic end anyway, over real mosquitto clients: a control at the
/// device's PUBACK, an attribute get at the device's next attribute report.
/// </summary>
[Trait("Needs", "mosquitto")]
public sealed class CommandDeliveryEndToEndTests : SignedInAppTests
{
    // One connection listens, mosquitto_pub answers on a second one.
    protected override string[] AppArguments => ["--Devices:MaxMqttConnectionsPerDevice=2"];

    private string Port => Host.Listener("mqtt").Port.ToString();

    private async Task<(string DeviceId, string Key)> CreateRelayDeviceAsync()
    {
        var response = await Admin.PostAsJsonAsync("api/v1/devices", new
        {
            name = "Relay",
            actuators = new object[] { new { key = "relay1", name = "Relay 1", type = "boolean" } },
        });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("deviceId").GetString()!, created.GetProperty("key").GetString()!);
    }

    private BackgroundProcess Listen(string deviceId, string key, string topic) =>
        BackgroundProcess.Start("stdbuf", ["-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", Port, "-u", deviceId, "-P", key,
            "-i", $"device_{deviceId}_sub", "-q", "1", "-v", "-t", topic]);

    private async Task SubscribedAsync(string deviceId) =>
        await Eventually.TrueAsync(() => Host.Services.GetRequiredService<IMqttServer>().GetClients()
            .Any(c => c.UserName == deviceId && c.Subscriptions.Count == 1), "the device subscribed");

    private async Task<long> SendAsync(string deviceId, object body)
    {
        var response = await Admin.PostAsJsonAsync($"api/v1/devices/{deviceId}/commands", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private Task<JsonElement> EntryWhenDoneAsync(long id) =>
        Eventually.GetAsync(() => Admin.GetFromJsonAsync<JsonElement>($"api/v1/commands/{id}"),
            entry => entry.GetProperty("status").GetString() is not ("sent" or "pending"), TimeSpan.FromSeconds(20));

    [Fact]
    public async Task A_thingspanel_control_ends_as_delivered_when_the_device_acknowledged_it()
    {
        var (deviceId, key) = await CreateRelayDeviceAsync();
        await using var device = Listen(deviceId, key, $"devices/telemetry/control/{deviceId}");
        await SubscribedAsync(deviceId);

        var id = await SendAsync(deviceId, new { kind = "control", @params = new { relay1 = true } });

        await device.WaitForOutputAsync(o => o.Contains("\"relay1\":true"), "the device receives the control");
        var done = await EntryWhenDoneAsync(id);
        Assert.Equal("delivered", done.GetProperty("status").GetString());
        Assert.Equal("mqtt", done.GetProperty("transport").GetString());
    }

    [Fact]
    public async Task A_thingspanel_attribute_get_ends_as_responded_with_the_devices_next_attribute_report()
    {
        var (deviceId, key) = await CreateRelayDeviceAsync();
        await using var device = Listen(deviceId, key, $"devices/attributes/get/{deviceId}");
        await SubscribedAsync(deviceId);

        var id = await SendAsync(deviceId, new { kind = "attributes.get", @params = new { keys = new[] { "version" } } });
        await device.WaitForOutputAsync(o => o.Contains($"devices/attributes/get/{deviceId}"), "the device receives the get");
        var report = await ProcessRunner.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", Port, "-u", deviceId, "-P", key, "-i", $"device_{deviceId}_pub",
            "-q", "1", "-t", "devices/attributes/1234567", "-m", """{"version":"2.0.1"}"""]);

        Assert.Equal(0, report.ExitCode);
        var done = await EntryWhenDoneAsync(id);
        Assert.Equal("responded-ok", done.GetProperty("status").GetString());
        Assert.Contains("2.0.1", done.GetProperty("responseJson").GetString());
    }
}
