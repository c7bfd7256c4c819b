using System.Net.Http.Json;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

/// <summary>Attributes and events sent by a real client (mosquitto_pub) reach the API.</summary>
[Trait("Needs", "mosquitto")]
public sealed class DeviceAttributesEventsMqttTests : SignedInAppTests
{
    [Fact]
    public async Task Mosquitto_pub_attributes_and_events_show_in_the_api()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        string[] connect = ["-h", "127.0.0.1", "-p", Host.Listener("mqtt").Port.ToString(), "-u", deviceId, "-P", key, "-i", $"device_{deviceId}_a", "-q", "1"];

        var attributes = await ProcessRunner.RunAsync("mosquitto_pub", [.. connect, "-t", "devices/attributes/1001", "-m", """{"ip":"192.168.1.9","version":"1.0.3"}"""]);
        var first = await ProcessRunner.RunAsync("mosquitto_pub", [.. connect, "-t", "devices/event/2001", "-m", """{"method":"FindAnimal","params":{"count":2}}"""]);
        var second = await ProcessRunner.RunAsync("mosquitto_pub", [.. connect, "-t", "devices/event/2002", "-m", """{"method":"Alarm","params":{"level":"high"}}"""]);

        Assert.Equal(0, attributes.ExitCode + first.ExitCode + second.ExitCode);
        // Attributes and events are stored before the PUBACK: readable now.
        var list = (await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/attributes"))!;
        Assert.Equal("192.168.1.9", list.Single(a => a.GetProperty("key").GetString() == "ip").GetProperty("value").GetString());
        var events = (await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/events"))!;
        Assert.Equal(["Alarm", "FindAnimal"], events.Select(e => e.GetProperty("method").GetString()).ToArray());
        Assert.Equal("high", events[0].GetProperty("params").GetProperty("level").GetString());
        Assert.Equal("1.0.3", (await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}")).GetProperty("firmwareVersion").GetString());
    }
}
