using System.Diagnostics;
using NovaConsole.Bench.Browser;
using NovaConsole.Bench.Devices;
using NovaConsole.Bench.Metrics;
using NovaConsole.Bench.Results;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// <c>live-latency</c> (issue 4: "publish to value visible in a subscribed browser page: p99 under 250 ms while
/// ingesting 5,000 messages/s"). A paced load fleet (<see cref="MqttDeviceFleet"/> with <c>--rate</c>) keeps NovaConsole
/// busy while one probe device publishes distinct temperatures over MQTT and a headless Chromium, signed in on the
/// probe's Telemetry tab, notes when each value appears (<see cref="TelemetryCardWatcher"/>). Latency = the page's
/// <c>Date.now()</c> at the DOM change - the wall clock just before the PUBLISH was written (same machine clock).
/// </summary>
internal static class LiveLatency
{
    public const string Name = "live-latency";
    private const string ProbeId = "live-probe";
    private const string ProbeKey = "temperature";
    private const int WarmupProbes = 5;

    public static async Task<ScenarioResult> RunAsync(BenchOptions o, CancellationToken ct)
    {
        // 1,000 even with --quick: a device's QoS 1 messages are stored one after the other, so 200 devices at 25 msg/s
        // each would need every store under 40 ms; 1,000 at 5 msg/s is the fleet shape the target means.
        int devices = o.Int("devices", 1_000);
        int window = Math.Clamp(o.Int("window", 16), 1, 1024);
        double rate = o.Double("rate", 5_000);
        int probes = Math.Clamp(o.Int("probes", o.Quick ? 30 : 200), 1, 10_000);
        // 100 ms apart: longer than a render, so a value is rarely overwritten before it shows.
        var interval = TimeSpan.FromMilliseconds(Math.Max(10, o.Int("probe-interval-ms", 100)));
        double warmup = o.Double("warmup", o.Quick ? 1 : 3);
        // The probe phase ends after this even if fewer probes went out (each waits for the previous PUBACK).
        var probeLimit = TimeSpan.FromSeconds(o.Double("probe-seconds", o.Quick ? 15 : 60));
        var settle = TimeSpan.FromSeconds(o.Double("settle", 5));
        var console = new Uri(o.String("http", "http://127.0.0.1:8080"));
        using var api = new NovaApi(console);
        await api.SignInAsync(o.String("data-path", "./data"), ct).ConfigureAwait(false);
        var credentials = await api.ImportDevicesAsync(o.String("prefix", "ll"), devices, o.Int("import-chunk", 5_000), ct).ConfigureAwait(false);
        var probeDevice = await api.CreateDeviceAsync(ProbeId, "Live latency probe", [ProbeKey], ct).ConfigureAwait(false);

        double loadAverage = ProcessCpuProbe.LoadAverage();
        var rssStart = ProcessMemoryProbe.Read(o.BrokerPid);
        var fleet = await MqttDeviceFleet.ConnectAsync(o, credentials, window, ct).ConfigureAwait(false);
        var probe = await LiveProbe.ConnectAsync(o, probeDevice, ct).ConfigureAwait(false);
        // The page opens before the load starts: opening it is set-up, not what is measured.
        string screenshot = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(o.String("data-path", "./data")))!, "live-latency-failure.png");
        await using var watcher = await TelemetryCardWatcher.OpenAsync(console, ProbeId, ProbeKey, screenshot).ConfigureAwait(false);

        var stats0 = await api.StatsAsync(ct).ConfigureAwait(false);
        var run = new IngestRun(o.Long("max-messages", 50_000_000));
        fleet.Start(run, rate);
        await Task.Delay(TimeSpan.FromSeconds(warmup), ct).ConfigureAwait(false);

        // A few values first, so the JIT, the circuit and the page have done this once before anything counts.
        for (int i = 0; i < WarmupProbes; i++)
        {
            var sample = await probe.PublishAsync(4_000 + i + 0.5, ct).ConfigureAwait(false);
            await WaitAckedAsync(sample, TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
            await Task.Delay(interval, ct).ConfigureAwait(false);
        }
        bool warmShown = await watcher.WaitForTextAsync(ProbeKey, LiveProbe.Format(4_000 + WarmupProbes - 1 + 0.5), TimeSpan.FromSeconds(30)).ConfigureAwait(false);

        var atWarm = await api.StatsAsync(ct).ConfigureAwait(false);
        fleet.StartMeasuring();
        double cpu0 = ProcessCpuProbe.Read(o.BrokerPid), self0 = ProcessCpuProbe.Self();
        var queue = new QueueSampler(api, ct);
        var clock = Stopwatch.StartNew();
        int published = 0;
        for (var next = TimeSpan.Zero; published < probes && clock.Elapsed < probeLimit; published++)
        {
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
            var sentAt = clock.Elapsed;
            var sample = await probe.PublishAsync(5_000 + published + 0.25, ct).ConfigureAwait(false);
            // One probe in flight at a time: the broker stores a connection's QoS 1 messages one after the other, so a
            // probe sent while the previous one waits in the ingest queue would measure its own backlog, not the path.
            await WaitAckedAsync(sample, probeLimit - clock.Elapsed, ct).ConfigureAwait(false);
            next = TimeSpan.FromTicks(Math.Max((sentAt + interval).Ticks, clock.Elapsed.Ticks));
        }
        double probeSeconds = clock.Elapsed.TotalSeconds;
        await watcher.WaitForTextAsync(ProbeKey, LiveProbe.Format(5_000 + published - 1 + 0.25), settle).ConfigureAwait(false);
        var (queueMean, queueMax) = await queue.StopAsync().ConfigureAwait(false);
        var atEnd = await api.StatsAsync(ct).ConfigureAwait(false);
        double measured = clock.Elapsed.TotalSeconds;
        double cpu1 = ProcessCpuProbe.Read(o.BrokerPid), self1 = ProcessCpuProbe.Self();
        var rssEnd = ProcessMemoryProbe.Read(o.BrokerPid);

        await fleet.StopAndDrainAsync(run, TimeSpan.FromSeconds(o.Double("drain", 15)), ct).ConfigureAwait(false);
        var changes = await watcher.ReadChangesAsync().ConfigureAwait(false);
        var measuredProbes = probe.Samples.Skip(WarmupProbes).ToList();
        long probeAcked = probe.Samples.Count(s => s.AckMs is not null);
        long sent = fleet.Sent + probe.Samples.Count, acked = fleet.Acked + probeAcked;
        var final = await api.WaitStoredAsync(stats0.MessagesStored + acked, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        long stored = final.MessagesStored - stats0.MessagesStored;
        int lostConnections = fleet.LostConnections + (probe.Failure is null ? 0 : 1);
        string? firstFailure = fleet.FirstFailure ?? probe.Failure;
        long skipped = fleet.Pacer?.Skipped ?? 0;
        await probe.DisconnectAsync().ConfigureAwait(false);
        await fleet.DisconnectAsync().ConfigureAwait(false);

        var outcome = LiveLatencyOutcome.Match(measuredProbes, changes);
        if (o.String("trace-dir", "") is { Length: > 0 } traceDir)
        {
            LiveLatencyOutcome.WriteCsv(Path.Combine(traceDir, "live-latency-probes.csv"), measuredProbes, changes);
            queue.WriteCsv(Path.Combine(traceDir, "live-latency-queue.csv"));
        }
        double storedRate = (atEnd.MessagesStored - atWarm.MessagesStored) / measured;
        long lost = Math.Max(0, acked - stored), unacked = sent - acked;
        bool rateReached = storedRate >= 0.9 * rate;
        var notes = new List<string>
        {
            $"load: {devices} devices paced to {rate:F0} msg/s (QoS 1, 4 values, window {window}), {skipped} sends skipped",
            $"probe: {published} of {probes} values, at least {interval.TotalMilliseconds:F0} ms apart and one in flight, over {probeSeconds:F1} s ({published / probeSeconds:F1}/s)",
            outcome.Describe(),
            $"ingest queue mean {queueMean:F0} max {queueMax} messages (~{(storedRate > 0 ? queueMean / storedRate * 1000 : 0):F0} ms wait at the stored rate)",
            // Issue 4's target; only a verdict when the run had its load.
            $"issue 4 target (p99 < 250 ms while ingesting >= 5,000 msg/s): {(rate < 5_000 ? "not judged (lower rate)" : outcome.VisibleP99Ms < 250 && rateReached ? "met" : "NOT met")}",
        };
        if (!warmShown) notes.Add("the warm-up values did not show within 30 s");
        if (published < probes) notes.Add($"only {published} of {probes} probes within {probeLimit.TotalSeconds:F0} s");
        if (!rateReached) notes.Add($"stored {storedRate:F0} msg/s < 90 % of the rate asked for");
        if (unacked > 0) notes.Add($"{unacked} PUBLISH without PUBACK");
        if (lostConnections > 0) notes.Add($"{lostConnections} connections dropped: {firstFailure}");
        if (final.MessagesFailed > 0) notes.Add($"{final.MessagesFailed} messages failed to store");
        return new ScenarioResult
        {
            Scenario = Name,
            Broker = o.BrokerName,
            Target = o.Target,
            Connections = devices + 1,
            Publishers = devices + 1,
            Subscribers = 1,
            Qos = 1,
            PayloadBytes = DeviceWindow.PayloadLength,
            DurationSeconds = Math.Round(measured, 3),
            Sent = sent,
            Expected = acked,
            Delivered = stored,
            Stored = stored,
            Lost = lost,
            TargetRate = rate,
            StoredPerSecond = Math.Round(storedRate),
            DeliveredPerSecond = Math.Round(storedRate),
            LatencyP50Us = Us(outcome.VisibleP50Ms),
            LatencyP90Us = Us(outcome.VisibleP90Ms),
            LatencyP99Us = Us(outcome.VisibleP99Ms),
            LatencyP999Us = Us(outcome.VisibleP999Ms),
            LatencyMaxUs = Us(outcome.VisibleMaxMs),
            Probes = measuredProbes.Count,
            ProbesShown = outcome.Shown,
            ProbesSuperseded = outcome.Superseded,
            ProbesNotShown = outcome.NotShown,
            ProbeAckP50Us = Us(outcome.AckP50Ms),
            ProbeAckP99Us = Us(outcome.AckP99Ms),
            BrokerRssStartKiB = rssStart.RssKiB,
            BrokerRssEndKiB = rssEnd.RssKiB,
            BrokerHwmEndKiB = rssEnd.HwmKiB,
            BrokerCpuPercent = cpu0 >= 0 ? Math.Round((cpu1 - cpu0) / measured * 100) : -1,
            BenchCpuPercent = Math.Round((self1 - self0) / measured * 100),
            LoadAverageAtStart = loadAverage,
            ConnectionsLost = lostConnections,
            Ok = lost == 0 && unacked == 0 && lostConnections == 0 && final.MessagesFailed == 0 && outcome.NotShown == 0 && published == probes && rateReached,
            Note = string.Join("; ", notes),
        };
    }

    private static async Task WaitAckedAsync(LiveProbe.Sample sample, TimeSpan limit, CancellationToken ct)
    {
        try
        {
            await sample.Acked.Task.WaitAsync(limit > TimeSpan.Zero ? limit : TimeSpan.Zero, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Reported: a probe without PUBACK shows in the PUBACK percentiles' count and in "PUBLISH without PUBACK".
        }
    }

    // No value shown at all leaves the percentiles NaN, which JSON cannot carry.
    private static double Us(double ms) => double.IsNaN(ms) ? -1 : Math.Round(ms * 1000);
}
