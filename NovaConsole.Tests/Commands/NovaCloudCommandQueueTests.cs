using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Commands;

/// <summary>
/// Seed 004 §2.5 answers name the command but carry no id, so a second command of the same name waits until the
/// first is answered: an answer can then only belong to the one command of that name on the wire.
/// </summary>
public sealed class NovaCloudCommandQueueTests : SignedInAppTests
{
    // Short enough for the timeout case to end soon, long enough for a real client's answer on a busy machine. The
    // device answers through a second connection (mosquitto_pub) while its listener stays connected.
    protected override string[] AppArguments => ["--Commands:TimeoutSeconds=5", "--Devices:MaxMqttConnectionsPerDevice=2"];

    private async Task<(string DeviceId, string Key)> CreateActuatedDeviceAsync()
    {
        var response = await Admin.PostAsJsonAsync("api/v1/devices", new
        {
            name = "Queued",
            actuators = new object[] { new { key = "led_brightness", name = "LED", type = "number", min = 0, max = 100 } },
        });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("deviceId").GetString()!, created.GetProperty("key").GetString()!);
    }

    private async Task<JsonElement> SendAsync(string deviceId, int brightness)
    {
        var response = await Admin.PostAsJsonAsync($"api/v1/devices/{deviceId}/commands", new { kind = "control", @params = new { led_brightness = brightness } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<JsonElement> EntryAsync(long id, Func<JsonElement, bool> until) =>
        Eventually.GetAsync(() => Admin.GetFromJsonAsync<JsonElement>($"api/v1/commands/{id}"), until, TimeSpan.FromSeconds(20));

    /// <summary>mosquitto_sub as the NovaCloud device, subscribed to its command topic before this returns.</summary>
    private async Task<BackgroundProcess> ListenAsDeviceAsync(string deviceId, string key)
    {
        var device = BackgroundProcess.Start("stdbuf", ["-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", Host.Listener("mqtt").Port.ToString(),
            "-u", deviceId, "-P", key, "-i", $"device_{deviceId}", "-q", "1", "-t", $"novacloud/devices/{deviceId}/command"]);
        try
        {
            await Eventually.TrueAsync(() => Host.Services.GetService(typeof(NovaConsole.Mqtt.Broker.IMqttServer)) is NovaConsole.Mqtt.Broker.IMqttServer broker
                && broker.GetClients().Any(c => c.UserName == deviceId && c.Subscriptions.Count == 1), "the device subscribed to its command topic");
            return device;
        }
        catch
        {
            await device.DisposeAsync();
            throw;
        }
    }

    private Task AnswerAsync(string deviceId, string key, int brightness) =>
        ProcessRunner.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", Host.Listener("mqtt").Port.ToString(), "-u", deviceId, "-P", key,
            "-i", $"device_{deviceId}_answer", "-q", "1", "-t", $"novacloud/devices/{deviceId}/data",
            "-m", $$$"""{"response":"actuator_set","command":"set_actuator","timestamp":1651234570,"device_id":"{{{deviceId}}}","success":true,"data":{"led_brightness":{{{brightness}}}}}"""]);

    [Fact]
    public async Task A_second_command_of_the_same_name_waits_queued_until_the_first_is_answered_so_each_answer_matches_its_own_entry()
    {
        var (deviceId, key) = await CreateActuatedDeviceAsync();
        await using var device = await ListenAsDeviceAsync(deviceId, key);

        var first = await SendAsync(deviceId, 10);
        var second = await SendAsync(deviceId, 20);

        Assert.Equal("sent", first.GetProperty("status").GetString());
        Assert.Equal("queued", second.GetProperty("status").GetString());
        Assert.Equal("pending", second.GetProperty("state").GetString());
        Assert.Null(second.GetProperty("sentUtc").GetString());
        await device.WaitForOutputAsync(o => o.Contains("\"led_brightness\":10"), "the device receives the first command");

        await AnswerAsync(deviceId, key, 10);
        var firstDone = await EntryAsync(first.GetProperty("id").GetInt64(), e => e.GetProperty("status").GetString() == "responded-ok");
        await device.WaitForOutputAsync(o => o.Contains("\"led_brightness\":20"), "the queued command goes out once the first is answered");
        var secondSent = await EntryAsync(second.GetProperty("id").GetInt64(), e => e.GetProperty("status").GetString() == "sent");
        Assert.Null(secondSent.GetProperty("resultCode").GetString());

        await AnswerAsync(deviceId, key, 20);
        var secondDone = await EntryAsync(second.GetProperty("id").GetInt64(), e => e.GetProperty("status").GetString() == "responded-ok");

        Assert.Contains("\"led_brightness\":10", firstDone.GetProperty("responseJson").GetString());
        Assert.Contains("\"led_brightness\":20", secondDone.GetProperty("responseJson").GetString());
    }

    [Fact]
    public async Task A_queued_command_goes_out_when_the_one_ahead_of_it_times_out()
    {
        var (deviceId, key) = await CreateActuatedDeviceAsync();
        await using var device = await ListenAsDeviceAsync(deviceId, key);

        var first = await SendAsync(deviceId, 30);
        var second = await SendAsync(deviceId, 40);
        Assert.Equal("queued", second.GetProperty("status").GetString());

        await EntryAsync(first.GetProperty("id").GetInt64(), e => e.GetProperty("status").GetString() == "timed-out");
        await device.WaitForOutputAsync(o => o.Contains("\"led_brightness\":40"), "the queued command goes out after the timeout");
        await AnswerAsync(deviceId, key, 40);
        var secondDone = await EntryAsync(second.GetProperty("id").GetInt64(), e => e.GetProperty("status").GetString() == "responded-ok");
        Assert.Contains("\"led_brightness\":40", secondDone.GetProperty("responseJson").GetString());
    }
}
