using System.Diagnostics;
using NovaConsole.Bench.Devices;
using NovaConsole.Bench.Metrics;
using NovaConsole.Bench.Results;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// <c>device-ingest-mqtt</c>: N devices provisioned through NovaConsole's import API, each connected with its own
/// id/key, publish <c>devices/telemetry</c> (4 values) at QoS 1 with a window of un-PUBACKed messages. NovaConsole
/// PUBACKs only after the SQLite commit, so PUBACK latency is the ingest latency. Reports acknowledged/s, stored/s
/// (from /api/v1/system/stats over the measured window) and loss = acknowledged - stored (must be 0).
/// <c>--rate MSG_PER_S</c> paces the fleet to that total instead of sending as fast as the PUBACKs allow.
/// </summary>
internal static class DeviceIngestMqtt
{
    public const string Name = "device-ingest-mqtt";

    public static async Task<ScenarioResult> RunAsync(BenchOptions o, CancellationToken ct)
    {
        int devices = o.Int("devices", o.Quick ? 200 : 1_000);
        int window = Math.Clamp(o.Int("window", 16), 1, 1024);
        double rate = o.Double("rate", 0);
        // A fresh process still re-JITs its hot paths (tiered compilation) for about 20-30 s on two cores: sustained ingest is measured after that.
        double warmup = o.Double("warmup", o.Quick ? 1 : 20), duration = o.Duration(15, 3);
        long maxMessages = o.Long("max-messages", 50_000_000);
        using var api = new NovaApi(new Uri(o.String("http", "http://127.0.0.1:8080")));
        await api.SignInAsync(o.String("data-path", "./data"), ct).ConfigureAwait(false);
        var credentials = await api.ImportDevicesAsync(o.String("prefix", "mq"), devices, o.Int("import-chunk", 5_000), ct).ConfigureAwait(false);

        double loadAverage = ProcessCpuProbe.LoadAverage();
        var rssStart = ProcessMemoryProbe.Read(o.BrokerPid);
        var fleet = await MqttDeviceFleet.ConnectAsync(o, credentials, window, ct).ConfigureAwait(false);

        var stats0 = await api.StatsAsync(ct).ConfigureAwait(false);
        var run = new IngestRun(maxMessages);
        fleet.Start(run, rate);

        await Task.Delay(TimeSpan.FromSeconds(warmup), ct).ConfigureAwait(false);
        var atWarm = await api.StatsAsync(ct).ConfigureAwait(false);
        long ackedAtWarm = fleet.Acked;
        fleet.StartMeasuring();
        var sw = Stopwatch.StartNew();
        double cpu0 = ProcessCpuProbe.Read(o.BrokerPid), self0 = ProcessCpuProbe.Self();
        await Task.Delay(TimeSpan.FromSeconds(duration), ct).ConfigureAwait(false);
        var atEnd = await api.StatsAsync(ct).ConfigureAwait(false);
        long ackedAtEnd = fleet.Acked;
        double measured = sw.Elapsed.TotalSeconds;
        double cpu1 = ProcessCpuProbe.Read(o.BrokerPid), self1 = ProcessCpuProbe.Self();
        var rssEnd = ProcessMemoryProbe.Read(o.BrokerPid);

        // Drain: every PUBLISH sent gets its PUBACK (bounded).
        await fleet.StopAndDrainAsync(run, TimeSpan.FromSeconds(o.Double("drain", 15)), ct).ConfigureAwait(false);
        long sent = fleet.Sent, acked = fleet.Acked;
        var final = await api.WaitStoredAsync(stats0.MessagesStored + acked, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        long stored = final.MessagesStored - stats0.MessagesStored;
        int lostConnections = fleet.LostConnections;
        string? firstFailure = fleet.FirstFailure;
        await fleet.DisconnectAsync().ConfigureAwait(false);

        var latency = fleet.PubAckLatency();
        long lost = Math.Max(0, acked - stored);
        long unacked = sent - acked;
        var notes = new List<string> { $"window {window} per device, 4 values per message" };
        if (fleet.Pacer is { } pacer) notes.Add($"paced to {pacer.Rate:F0} msg/s, {pacer.Skipped} sends skipped (window full or late)");
        if (unacked > 0) notes.Add($"{unacked} PUBLISH without PUBACK");
        if (lostConnections > 0) notes.Add($"{lostConnections} connections dropped: {firstFailure}");
        if (final.MessagesFailed > 0) notes.Add($"{final.MessagesFailed} messages failed to store");
        return new ScenarioResult
        {
            Scenario = Name,
            Broker = o.BrokerName,
            Target = o.Target,
            Connections = devices,
            Publishers = devices,
            Qos = 1,
            PayloadBytes = DeviceWindow.PayloadLength,
            DurationSeconds = Math.Round(measured, 3),
            Sent = sent,
            Expected = acked,
            Delivered = stored,
            Stored = stored,
            Lost = lost,
            TargetRate = rate,
            AckedPerSecond = Math.Round((ackedAtEnd - ackedAtWarm) / measured),
            StoredPerSecond = Math.Round((atEnd.MessagesStored - atWarm.MessagesStored) / measured),
            DeliveredPerSecond = Math.Round((atEnd.MessagesStored - atWarm.MessagesStored) / measured),
            LatencyP50Us = Math.Round(latency.PercentileMicroseconds(0.50), 1),
            LatencyP99Us = Math.Round(latency.PercentileMicroseconds(0.99), 1),
            LatencyP999Us = Math.Round(latency.PercentileMicroseconds(0.999), 1),
            LatencyMaxUs = Math.Round(latency.MaxNanoseconds / 1000.0, 1),
            BrokerRssStartKiB = rssStart.RssKiB,
            BrokerRssEndKiB = rssEnd.RssKiB,
            BrokerHwmEndKiB = rssEnd.HwmKiB,
            BrokerCpuPercent = cpu0 >= 0 ? Math.Round((cpu1 - cpu0) / measured * 100) : -1,
            BenchCpuPercent = Math.Round((self1 - self0) / measured * 100),
            LoadAverageAtStart = loadAverage,
            ConnectionsLost = lostConnections,
            Ok = lost == 0 && unacked == 0 && lostConnections == 0 && final.MessagesFailed == 0,
            Note = string.Join("; ", notes),
        };
    }
}
