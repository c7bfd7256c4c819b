using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Automation;

/// <summary>
/// A real ThingsPanel device (paho-mqtt, one connection, as the seed's examples): its telemetry crosses a threshold,
/// the rule sends a command and waits for the device's answer, and the operation log shows the command as automatic
/// (type 2) with the rule's name; a second crossing answered with result 1 fails its run, visibly.
/// </summary>
[Trait("Needs", "python")]
public sealed class AutomationEndToEndTests : SignedInAppTests
{
    // Publishes 25 then 31 and answers the first command with result 0; when the test writes a line, publishes 27 and 33
    // and answers the second command with result 1.
    private const string Device = """
        import sys, json, threading, time, paho.mqtt.client as mqtt
        host, port, device, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
        rounds, results = [[25, 31], [27, 33]], [0, 1]
        subscribed = threading.Event()
        answered = 0
        def on_connect(client, userdata, flags, rc):
            client.subscribe(f"devices/command/{device}/+", qos=1)
        def on_message(client, userdata, msg):
            global answered
            body = json.loads(msg.payload)
            result = results[min(answered, len(results) - 1)]
            print("command", body.get("method"), result, flush=True)
            reply = {"result": result, "message": "success" if result == 0 else "fan stuck", "method": body.get("method")}
            client.publish("devices/command/response/" + msg.topic.rsplit("/", 1)[1], json.dumps(reply), qos=1)
            answered += 1
        client = mqtt.Client(f"device_{device}_auto")
        client.username_pw_set(device, key)
        client.on_connect = on_connect
        client.on_subscribe = lambda client, userdata, mid, granted: subscribed.set()
        client.on_message = on_message
        client.connect(host, port, 60)
        client.loop_start()
        subscribed.wait(10)
        for i, values in enumerate(rounds):
            if i > 0:
                sys.stdin.readline()
            for value in values:
                client.publish("devices/telemetry", json.dumps({"temperature": value}), qos=1).wait_for_publish(5)
            print("published", values, flush=True)
        time.sleep(30)
        """;

    [Fact]
    public async Task A_threshold_crossing_sends_a_command_the_device_answers_and_the_log_shows_it_as_automatic_with_the_rules_name()
    {
        var (deviceId, key) = await CreateDeviceAsync("Boiler");
        var created = await Admin.PostAsJsonAsync("api/v1/rules", new
        {
            name = "too hot",
            trigger = new { kind = "threshold", deviceId, key = "temperature", @operator = ">", value = 30, deadband = 2 },
            actions = new object[] { new { kind = "command", target = "trigger-device", name = "fan", @params = new { on = true }, wait = true } },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var ruleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var script = Path.Combine(Host.DataPath, "automation_device.py");
        await File.WriteAllTextAsync(script, Device);

        using var device = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-u", script, "127.0.0.1", Host.Listener("mqtt").Port.ToString(), deviceId, key])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        })!;
        try
        {
            Task<JsonElement> RunsAsync(int count) => Eventually.GetAsync(() => Admin.GetFromJsonAsync<JsonElement>($"api/v1/rules/{ruleId}/runs"),
                r => r.GetArrayLength() >= count && r.EnumerateArray().All(run => run.GetProperty("status").GetString() != "running"), TimeSpan.FromSeconds(40));
            await RunsAsync(1);
            // The second round only once the first run has ended: a run of the same (rule, device) still in flight would drop it.
            await device.StandardInput.WriteLineAsync("next");
            await device.StandardInput.FlushAsync();
            var runs = await RunsAsync(2);

            var first = runs[1];
            Assert.Equal("succeeded", first.GetProperty("status").GetString());
            Assert.Equal(31, first.GetProperty("triggerValue").GetDouble());
            var step = first.GetProperty("steps")[0];
            Assert.Contains("answered ok", step.GetProperty("detail").GetString());
            var entry = await Admin.GetFromJsonAsync<JsonElement>($"api/v1/commands/{step.GetProperty("commandId").GetInt64()}");
            Assert.Equal("responded-ok", entry.GetProperty("status").GetString());
            Assert.Equal("automatic", entry.GetProperty("origin").GetString());
            Assert.Equal(2, entry.GetProperty("operationType").GetInt32());
            Assert.Equal($"rule {ruleId} 'too hot' run {first.GetProperty("id").GetInt64()}", entry.GetProperty("issuedBy").GetString());
            Assert.Equal("fan", entry.GetProperty("name").GetString());

            // Back to 27 (through the deadband) and up to 33: a second crossing, answered with result 1.
            var second = runs[0];
            Assert.Equal(33, second.GetProperty("triggerValue").GetDouble());
            Assert.Equal("failed", second.GetProperty("status").GetString());
            Assert.Contains("responded-error", second.GetProperty("detail").GetString());
        }
        finally
        {
            device.Kill(entireProcessTree: true);
            await device.WaitForExitAsync();
        }
    }
}
