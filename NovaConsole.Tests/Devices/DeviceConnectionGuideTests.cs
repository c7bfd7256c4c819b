using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NovaConsole.Devices;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

/// <summary>The connection instructions per protocol, and their ready lines run for real against the app.</summary>
public sealed class DeviceConnectionGuideTests : SignedInAppTests
{
    private async Task<JsonElement> GuideAsync(string deviceId, string protocol) =>
        await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}/connection?protocol={protocol}&host=127.0.0.1");

    private static string Line(JsonElement guide, string tool, string key) =>
        guide.GetProperty("commands").EnumerateArray().Single(c => c.GetProperty("tool").GetString() == tool)
            .GetProperty("text").GetString()!.Replace(DeviceConnectionGuide.KeyPlaceholder, key);

    private async Task<List<JsonElement>> LatestAsync(string deviceId) =>
        (await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/telemetry/latest"))!;

    [Fact]
    public async Task Every_protocol_names_its_topics_port_and_payload_without_the_key()
    {
        var (deviceId, key) = await CreateDeviceAsync();

        var all = (await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/connection"))!;

        Assert.Equal(["thingspanel-mqtt", "novacloud-mqtt", "novacloud-tcp"], all.Select(g => g.GetProperty("protocol").GetString()).ToArray());
        var thingsPanel = all[0];
        Assert.Equal(Host.Listener("mqtt").Port, thingsPanel.GetProperty("port").GetInt32());
        Assert.Contains("devices/telemetry", thingsPanel.GetProperty("publish").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains($"devices/command/{deviceId}/+", thingsPanel.GetProperty("subscribe").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains($"novacloud/devices/{deviceId}/command", all[1].GetProperty("subscribe").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(Host.Listener("device-tcp").Port, all[2].GetProperty("port").GetInt32());
        Assert.DoesNotContain(key, JsonSerializer.Serialize(all));
        Assert.Contains(DeviceConnectionGuide.KeyPlaceholder, Line(thingsPanel, "mosquitto_pub", DeviceConnectionGuide.KeyPlaceholder));
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.GetAsync($"api/v1/devices/{deviceId}/connection?protocol=coap")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("api/v1/devices/NO-SUCH/connection")).StatusCode);
    }

    [Fact]
    [Trait("Needs", "mosquitto")]
    public async Task The_thingspanel_mosquitto_pub_line_run_as_shown_stores_its_telemetry()
    {
        var (deviceId, key) = await CreateDeviceAsync();

        var run = await ProcessRunner.RunAsync("bash", ["-c", Line(await GuideAsync(deviceId, "thingspanel-mqtt"), "mosquitto_pub", key)]);

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var latest = await LatestAsync(deviceId);
        Assert.Equal(28.5, latest.Single(v => v.GetProperty("key").GetString() == "temperature").GetProperty("value").GetDouble());
    }

    [Fact]
    [Trait("Needs", "mosquitto")]
    public async Task The_novacloud_mosquitto_pub_line_run_as_shown_stores_its_telemetry()
    {
        var (deviceId, key) = await CreateDeviceAsync();

        var run = await ProcessRunner.RunAsync("bash", ["-c", Line(await GuideAsync(deviceId, "novacloud-mqtt"), "mosquitto_pub", key)]);

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Equal(["humidity", "temperature"], (await LatestAsync(deviceId)).Select(v => v.GetProperty("key").GetString()).ToArray());
    }

    [Fact]
    [Trait("Needs", "python")]
    public async Task The_python_paho_script_run_as_shown_stores_its_telemetry()
    {
        var (deviceId, key) = await CreateDeviceAsync();

        var run = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", Line(await GuideAsync(deviceId, "thingspanel-mqtt"), "python", key)], TimeSpan.FromSeconds(30));

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Equal(2, (await LatestAsync(deviceId)).Count);
    }

    [Fact]
    public async Task The_nc_line_run_as_shown_authenticates_and_stores_its_telemetry()
    {
        var (deviceId, key) = await CreateDeviceAsync();

        var run = await ProcessRunner.RunAsync("bash", ["-c", Line(await GuideAsync(deviceId, "novacloud-tcp"), "nc", key)], TimeSpan.FromSeconds(30));

        Assert.Contains("\"result\":\"success\"", run.Output);
        await Eventually.GetAsync(() => LatestAsync(deviceId), l => l.Count == 2);
    }
}
