using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Data;
using NovaConsole.Ota;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Ota;

/// <summary>
/// NovaCloud devices (seed 004 has no OTA) with a real client, Python paho-mqtt as in the guide's examples: one that only
/// speaks NovaCloud is left out with "no OTA in its protocol"; one that also subscribes to ota/devices/inform is informed
/// like a ThingsPanel device, reports progress, and its NovaCloud status with the new version confirms the upgrade.
/// </summary>
[Trait("Needs", "python")]
public sealed class OtaNovaCloudTests
{
    private const string Device = """
        import sys, json, time, paho.mqtt.client as mqtt
        host, port, device, key, listens = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5] == "1"
        def status(client, version):
            client.publish(f"novacloud/devices/{device}/status", json.dumps(
                {"status": "online", "timestamp": int(time.time()), "info": {"version": version, "rssi": -65}}), qos=1)
        def on_connect(client, userdata, flags, rc):
            client.subscribe(f"novacloud/devices/{device}/command", qos=1)
            if listens:
                client.subscribe(f"ota/devices/inform/{device}", qos=1)
            status(client, "1.0")
            client.publish(f"novacloud/devices/{device}/data", json.dumps({"timestamp": int(time.time()), "device_id": device, "temperature": 21.5}), qos=1)
        def on_publish(client, userdata, mid):
            print("PUBLISHED", mid, flush=True)
        def on_message(client, userdata, msg):
            if not msg.topic.startswith("ota/"):
                return
            print("INFORM", msg.payload.decode(), flush=True)
            inform = json.loads(msg.payload)
            module = inform["params"]["module"]
            client.publish("ota/devices/progress", json.dumps({"step": 0, "desc": "start", "module": module}), qos=1)
            client.publish("ota/devices/progress", json.dumps({"step": 100, "desc": "done", "module": module}), qos=1)
            status(client, inform["params"]["version"])
        client = mqtt.Client(f"device_{device}_novacloud")
        client.username_pw_set(device, key)
        client.on_connect = on_connect
        client.on_publish = on_publish
        client.on_message = on_message
        client.connect(host, port, 60)
        client.loop_forever()
        """;

    [Fact]
    public async Task A_novacloud_device_is_left_out_unless_it_listens_for_informs_and_then_it_is_updated()
    {
        await using var rig = await OtaRig.StartAsync();
        var package = await rig.UploadAsync(RandomNumberGenerator.GetBytes(5_000), version: "2.0");
        var script = Path.Combine(rig.Host.DataPath, "novacloud_device.py");
        await File.WriteAllTextAsync(script, Device);
        var (plain, plainKey) = await CreateAsync(rig, "novacloud only");
        var (listening, listeningKey) = await CreateAsync(rig, "novacloud listening");
        await using var plainDevice = BackgroundProcess.Start("/usr/bin/python3", ["-u", script, "127.0.0.1", rig.MqttPort.ToString(), plain, plainKey, "0"]);
        await using var listeningDevice = BackgroundProcess.Start("/usr/bin/python3", ["-u", script, "127.0.0.1", rig.MqttPort.ToString(), listening, listeningKey, "1"]);

        // Both are known as NovaCloud devices once they published; the listening one also subscribed to its inform topic.
        var factory = rig.Host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>();
        await Eventually.TrueAsync(() =>
        {
            using var db = factory.CreateDbContext();
            return OtaDeviceProtocols.NovaCloudDevicesAsync(db, CancellationToken.None).Result.Count == 2 && db.OtaListeners.Any(l => l.DeviceId == listening);
        }, "both devices are seen speaking NovaCloud and one listens for informs");
        await Eventually.GetAsync(async () => (await rig.Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{listening}")).ToString(), t => t.Contains("\"1.0\"", StringComparison.Ordinal));

        var body = new { name = "novacloud", packageId = package.GetProperty("id").GetInt64(), targets = new { deviceIds = new[] { plain, listening } } };
        var preview = await (await rig.Admin.PostAsJsonAsync("api/v1/ota/campaigns?dryRun=true", body)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([listening], preview.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        var exclusion = Assert.Single(preview.GetProperty("exclusions").EnumerateArray());
        Assert.Equal(plain, exclusion.GetProperty("deviceId").GetString());
        Assert.Equal(OtaPlanner.NoOtaInProtocol, exclusion.GetProperty("reason").GetString());
        Assert.StartsWith("no OTA in its protocol", OtaPlanner.NoOtaInProtocol, StringComparison.Ordinal);

        var id = await rig.CreateCampaignAsync(body);
        await listeningDevice.WaitForOutputAsync(o => o.Contains("INFORM "), "the listening NovaCloud device is informed");
        var done = await rig.CampaignWhenAsync(id, c => c.GetProperty("state").GetString() == "completed");
        Assert.Equal(1, OtaRig.Count(done, "succeeded"));
        Assert.Equal(1, OtaRig.Count(done, "skipped"));
        var rows = await rig.DevicesAsync(id);
        Assert.Equal(OtaPlanner.NoOtaInProtocol, rows.Single(r => r.GetProperty("deviceId").GetString() == plain).GetProperty("skipReason").GetString());
        Assert.Contains("confirmed", rows.Single(r => r.GetProperty("deviceId").GetString() == listening).GetProperty("lastMessage").GetString());
        Assert.DoesNotContain("INFORM", plainDevice.Output);
    }

    private static async Task<(string Id, string Key)> CreateAsync(OtaRig rig, string name)
    {
        var created = await (await rig.Admin.PostAsJsonAsync("api/v1/devices", new { name })).Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("deviceId").GetString()!, created.GetProperty("key").GetString()!);
    }
}
