using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using NovaConsole.Tests.Devices;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Telemetry;

[Trait("Needs", "python")]
public sealed class CrashDurabilityTests
{
    // A QoS 1 publisher that prints every sequence number the broker acknowledged (paho's on_publish = PUBACK).
    private const string Publisher = """
        import sys, threading, paho.mqtt.client as mqtt
        host, port, device, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
        pending = {}
        connected = threading.Event()
        def on_publish(client, userdata, mid):
            print("acked", pending.pop(mid), flush=True)
        client = mqtt.Client(f"device_{device}_crash")
        client.username_pw_set(device, key)
        client.on_publish = on_publish
        client.on_connect = lambda client, userdata, flags, rc: connected.set()
        client.max_inflight_messages_set(32)
        client.connect(host, port, 60)
        client.loop_start()
        connected.wait(10)
        for seq in range(200000):
            info = client.publish("devices/telemetry", '{"seq": %d}' % seq, qos=1)
            if info.rc != 0:
                break
            pending[info.mid] = seq
            info.wait_for_publish(timeout=5) if seq % 32 == 31 else None
            if not client.is_connected():
                break
        """;

    [Fact]
    public async Task Sigkill_during_qos1_ingest_loses_no_acknowledged_message()
    {
        var dataPath = Directory.CreateTempSubdirectory("novaconsole-crash-").FullName;
        // FULL makes every commit wait for fsync, so messages pile up between commits: the window in which an
        // early acknowledgement would be lost is wide, and this test fails if PUBACK ever precedes the commit.
        var app = await ChildAppProcess.StartAsync(dataPath, "--Telemetry:Synchronous=FULL");
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{app.Port("http")}/") };
        // A cookie-authenticated change must name the console's own origin, as a browser on its pages does.
        http.DefaultRequestHeaders.Add("Origin", http.BaseAddress.GetLeftPart(UriPartial.Authority));
        var token = (await File.ReadAllTextAsync(Path.Combine(dataPath, "setup-token.txt"))).Trim();
        (await http.PostAsJsonAsync("api/v1/setup", new { token, username = "admin", password = "password-123" })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("api/v1/auth/login", new { username = "admin", password = "password-123" })).EnsureSuccessStatusCode();
        var device = (await (await http.PostAsJsonAsync("api/v1/devices", new { name = "Crash probe" })).Content.ReadFromJsonAsync<DeviceDto>())!;

        var script = Path.Combine(dataPath, "publisher.py");
        await File.WriteAllTextAsync(script, Publisher);
        var acked = new List<long>();
        var enoughAcked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var publisher = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/python3",
            ["-u", script, "127.0.0.1", app.Port("mqtt").ToString(), device.DeviceId, device.Key!]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        publisher.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line || !line.StartsWith("acked ", StringComparison.Ordinal)) return;
            lock (acked)
            {
                acked.Add(long.Parse(line[6..]));
                if (acked.Count >= 2000) enoughAcked.TrySetResult();
            }
        };
        publisher.BeginOutputReadLine();

        await enoughAcked.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await app.KillAsync();
        await publisher.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        HashSet<long> stored = [];
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "novaconsole.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT p.num FROM telemetry_points p JOIN telemetry_series s ON s.id = p.series_id WHERE s.key = 'seq'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) stored.Add((long)reader.GetDouble(0));
        }
        List<long> lost;
        lock (acked) lost = acked.Where(seq => !stored.Contains(seq)).ToList();

        Assert.True(acked.Count >= 2000);
        Assert.Empty(lost);
        Directory.Delete(dataPath, recursive: true);
    }
}
