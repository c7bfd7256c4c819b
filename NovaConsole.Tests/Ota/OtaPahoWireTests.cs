using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Data;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Ota;

/// <summary>
/// The OTA wire against a real client (Python paho-mqtt, as the seeds' own examples use): the inform in both payload
/// styles, and progress with step as a string and as a number.
/// </summary>
[Trait("Needs", "python")]
public sealed class OtaPahoWireTests
{
    // Subscribes to the inform topic, prints each inform, and answers it as a ThingsPanel device would.
    private const string Device = """
        import sys, json, paho.mqtt.client as mqtt
        host, port, device, key, spelling = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
        def on_connect(client, userdata, flags, rc):
            client.subscribe(f"ota/devices/{spelling}/{device}", qos=1)
        def on_subscribe(client, userdata, mid, granted):
            print("SUBSCRIBED", granted[0], flush=True)
        def on_message(client, userdata, msg):
            print("INFORM", msg.topic, msg.qos, int(msg.retain), msg.payload.decode(), flush=True)
            inform = json.loads(msg.payload)
            module = inform["params"]["module"]
            client.publish("ota/devices/progress", json.dumps({"step": "0", "desc": "start", "module": module}), qos=1)
            client.publish("ota/devices/progress", json.dumps({"step": 50, "desc": "half", "module": module}), qos=1)
            client.publish("ota/devices/progress", json.dumps({"step": "100", "desc": "升级进度100%", "module": module}), qos=1)
            client.publish("devices/attributes/1", json.dumps({"version": inform["params"]["version"]}), qos=1)
        client = mqtt.Client(f"device_{device}_paho")
        client.username_pw_set(device, key)
        client.on_connect = on_connect
        client.on_subscribe = on_subscribe
        client.on_message = on_message
        client.connect(host, port, 60)
        client.loop_forever()
        """;

    [Theory]
    [InlineData("sample", "inform")]
    [InlineData("thingspanel", "infrom")]
    public async Task A_paho_device_takes_the_inform_in_each_payload_style_and_its_progress_completes_the_campaign(string style, string spelling)
    {
        await using var rig = await OtaRig.StartAsync($"--Ota:PayloadStyle={style}");
        var file = RandomNumberGenerator.GetBytes(10_000);
        var package = await rig.UploadAsync(file, version: "3.1", signMethod: "SHA256");
        var created = await (await rig.Admin.PostAsync("api/v1/devices", JsonContent(new { name = "paho" }))).Content.ReadFromJsonAsync<JsonElement>();
        var deviceId = created.GetProperty("deviceId").GetString()!;
        var script = Path.Combine(rig.Host.DataPath, "ota_device.py");
        await File.WriteAllTextAsync(script, Device);
        await using var device = BackgroundProcess.Start("/usr/bin/python3",
            ["-u", script, "127.0.0.1", rig.MqttPort.ToString(), deviceId, created.GetProperty("key").GetString()!, spelling]);
        await device.WaitForOutputAsync(o => o.Contains("SUBSCRIBED 1"), "the paho device subscribed with QoS 1");
        var factory = rig.Host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>();
        await Eventually.TrueAsync(() =>
        {
            using var db = factory.CreateDbContext();
            return db.OtaListeners.Any(l => l.DeviceId == deviceId);
        }, "the subscription is recorded");

        var id = await rig.CreateCampaignAsync(new
        {
            name = "paho", packageId = package.GetProperty("id").GetInt64(), targets = new { deviceIds = new[] { deviceId } },
        });
        await device.WaitForOutputAsync(o => o.Contains("INFORM "), "the inform");
        var line = device.Output.Split('\n').First(l => l.StartsWith("INFORM ", StringComparison.Ordinal));
        var parts = line.Split(' ', 5);
        Assert.Equal($"ota/devices/{spelling}/{deviceId}", parts[1]);
        Assert.Equal("1", parts[2]);
        Assert.Equal("0", parts[3]);
        var inform = JsonDocument.Parse(parts[4]).RootElement;
        var p = inform.GetProperty("params");
        Assert.Equal(JsonValueKind.String, inform.GetProperty("id").ValueKind);
        if (style == "sample")
        {
            Assert.Equal(200, inform.GetProperty("code").GetInt32());
            Assert.Equal(file.Length, p.GetProperty("size").GetInt64());
        }
        else
        {
            Assert.Equal("200", inform.GetProperty("code").GetString());
            Assert.Equal(file.Length.ToString(), p.GetProperty("size").GetString());
        }
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), p.GetProperty("sign").GetString());
        Assert.Equal("3.1", p.GetProperty("version").GetString());

        var done = await rig.CampaignWhenAsync(id, c => c.GetProperty("state").GetString() == "completed");
        Assert.Equal(1, OtaRig.Count(done, "succeeded"));
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
