using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices.Presence;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices.Mqtt;

/// <summary>The NovaCloud guide's own Python examples (seed 004 §2.3-§2.6), run with Debian's paho-mqtt against the app.</summary>
[Trait("Needs", "python")]
public sealed class SeedMqttExamplesTests : SignedInAppTests
{
    private DevicePresence Presence => Host.Services.GetRequiredService<DevicePresence>();

    private SeedScript Run(string file, string deviceId, string key, int lingerSeconds = 0) =>
        SeedScript.Start(file, deviceId, key, "127.0.0.1", Host.Listener("mqtt").Port, lingerSeconds);

    [Fact]
    public async Task Section_2_3_connects_with_the_device_id_as_user_name_and_the_key_as_password()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var changes = new List<PresenceChange>();
        using var _ = Presence.Subscribe(c => { lock (changes) changes.Add(c); });

        // The example connects and ends; the process lingers so its connection lives long enough to be seen.
        await using var script = Run("novacloud_mqtt_auth.py", deviceId, key, lingerSeconds: 30);

        await Eventually.TrueAsync(() => { lock (changes) return changes.Any(c => c.DeviceId == deviceId && c.Online); },
            $"the device was seen online (the script printed: {string.Join(" | ", script.Output)}; clients: {string.Join(",", Host.Services.GetRequiredService<IMqttServer>().GetClients().Select(c => c.ClientId))}; exited: {script.HasExited})");
        Assert.DoesNotContain(script.Output, line => line.StartsWith("stderr:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Section_2_4_data_report_is_stored_with_its_timestamp()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);

        await using var script = Run("novacloud_mqtt_data.py", deviceId, key);
        Assert.Equal(0, await script.WaitForExitAsync(TimeSpan.FromSeconds(20)));

        List<JsonElement> latest = [];
        await Eventually.TrueAsync(() => (latest = Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/telemetry/latest").Result!).Count == 2,
            "temperature and humidity are stored");
        Assert.Equal(["humidity", "temperature"], latest.Select(v => v.GetProperty("key").GetString()));
        Assert.Equal(25.5, latest[1].GetProperty("value").GetDouble());
        Assert.True(latest[1].GetProperty("at").GetDateTimeOffset() >= before.AddSeconds(-1), "the device's own timestamp (seconds) is the measurement time");
    }

    [Fact]
    public async Task Section_2_5_receives_a_command_and_answers_on_the_data_topic_without_polluting_telemetry()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        await using var script = Run("novacloud_mqtt_command.py", deviceId, key);
        await script.WaitForAsync("Connected to MQTT Broker!");
        var broker = Host.Services.GetRequiredService<IMqttServer>();
        await Eventually.TrueAsync(() => broker.GetClients().Any(c => c.UserName == deviceId && c.Subscriptions.Count == 1), "the device subscribed to its command topic");

        var command = JsonSerializer.Serialize(new { command = "set_actuator", timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), @params = new { relay1 = "ON", led_brightness = 80 } });
        await broker.PublishAsync($"novacloud/devices/{deviceId}/command", Encoding.UTF8.GetBytes(command), MqttQualityOfService.AtLeastOnce);

        await script.WaitForAsync("Command executed");
        await script.WaitForAsync("'relay1': 'ON', 'led_brightness': 80");
        var latest = await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/telemetry/latest");
        Assert.Empty(latest!);
    }

    [Fact]
    public async Task Section_2_6_status_reports_firmware_and_its_last_will_marks_the_device_offline_when_killed()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        await using var script = Run("novacloud_mqtt_status.py", deviceId, key);
        await script.WaitForAsync("Status reported");
        await Eventually.TrueAsync(() => Presence.Find(deviceId)?.ReportedStatus == "online", "the status report arrives");
        await Eventually.TrueAsync(() => Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}").Result.GetProperty("firmwareVersion").GetString() == "1.0.3",
            "the firmware version from the status info is recorded");

        script.Kill();

        await Eventually.TrueAsync(() => Presence.Find(deviceId) is { Online: false, ReportedStatus: "offline" }, "the LWT marks the device offline");
        Assert.Equal("MQTT connection lost without DISCONNECT", Presence.Find(deviceId)!.LastReason);
    }
}
