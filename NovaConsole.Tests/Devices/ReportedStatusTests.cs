using System.Net.Http.Json;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;
using NovaConsole.Tests.Live;

namespace NovaConsole.Tests.Devices;

/// <summary>
/// Seed 004 §2.6: a connected device may say it is offline or in error. That is shown beside the connection state
/// (API, list, live presence event), not swallowed by "online".
/// </summary>
public sealed class ReportedStatusTests : SignedInAppTests
{
    // A paho-mqtt 1.6 device that reports a status once and then stays connected (its connection is "online").
    private const string ReportingDevice = """
import json, sys, time
import paho.mqtt.client as mqtt
device_id, key, port, status = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
client = mqtt.Client(client_id="device_" + device_id)
client.username_pw_set(device_id, key)
client.connect("127.0.0.1", port, 60)
client.loop_start()
info = client.publish("novacloud/devices/%s/status" % device_id,
    json.dumps({"status": status, "timestamp": int(time.time()), "device_id": device_id, "info": {"version": "1.0.3"}}), qos=1)
info.wait_for_publish()
print("reported", flush=True)
while True:
    time.sleep(1)
""";

    [Fact]
    public async Task A_connected_device_that_reports_error_shows_online_with_its_reported_status_in_the_api_list_and_live_event()
    {
        var (deviceId, key) = await CreateDeviceAsync();
        var created = await Admin.PostAsJsonAsync("api/v1/tokens", new { name = "wallboard" });
        created.EnsureSuccessStatusCode();
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var hub = await SignalRJsonClient.ConnectAsync(Host.BaseAddress, "/hubs/telemetry", token, timeout.Token);
        await hub.InvokeAsync("Subscribe", [deviceId], timeout.Token);

        await using var device = BackgroundProcess.Start("/usr/bin/python3",
            ["-u", "-c", ReportingDevice, deviceId, key, Host.Listener("mqtt").Port.ToString(), "error"]);
        await device.WaitForOutputAsync(o => o.Contains("reported"), "the device reports its status");

        var details = await Eventually.GetAsync(() => Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}"),
            d => d.TryGetProperty("reportedStatus", out var s) && s.ValueKind == JsonValueKind.String);
        Assert.True(details.GetProperty("isOnline").GetBoolean());
        Assert.Equal("error", details.GetProperty("reportedStatus").GetString());

        var list = await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices?search={deviceId}");
        var row = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("deviceId").GetString() == deviceId);
        Assert.Equal("error", row.GetProperty("reportedStatus").GetString());

        JsonElement live;
        do live = await hub.NextEventAsync("presence", timeout.Token);
        while (!(live.TryGetProperty("reportedStatus", out var reported) && reported.GetString() == "error"));
        Assert.True(live.GetProperty("online").GetBoolean());
    }
}
