using System.Globalization;
using System.Text.Json;

namespace NovaConsole.Bench.Results;

/// <summary>Prints a result as one human line and one JSON line on stdout, and appends the JSON to a file if asked.</summary>
internal static class ResultPrinter
{
    public static void Print(ScenarioResult r, string? jsonOutPath)
    {
        var c = CultureInfo.InvariantCulture;
        string memory = r.BrokerRssStartKiB < 0 ? "rss n/a"
            : string.Format(c, "rss {0:F1}->{1:F1} MiB (hwm {2:F1})", r.BrokerRssStartKiB / 1024.0, r.BrokerRssEndKiB / 1024.0, r.BrokerHwmEndKiB / 1024.0);
        string line = r.Scenario == "live-latency"
            ? string.Format(c,
                "RESULT {0} [{1}] {2}: publish-to-visible p50 {3:F0} ms p90 {4:F0} ms p99 {5:F0} ms max {6:F0} ms over {7} probes ({8} superseded, {9} not shown), " +
                "stored {10:F0}/s of {11:F0} asked, lost {12}, {13}, cpu broker {14:F0}% bench {15:F0}%, load {16:F1}{17}",
                r.Scenario, r.Ok ? "ok" : "FAIL", r.Target, r.LatencyP50Us / 1000, r.LatencyP90Us / 1000, r.LatencyP99Us / 1000, r.LatencyMaxUs / 1000,
                r.Probes, r.ProbesSuperseded, r.ProbesNotShown, r.StoredPerSecond, r.TargetRate, r.Lost, memory, r.BrokerCpuPercent, r.BenchCpuPercent,
                r.LoadAverageAtStart, Note(r))
            : r.Scenario is "idle-connections" or "tcp-idle-devices"
            ? string.Format(c, "RESULT {0} [{1}] {2}: {3} idle connections ({4} failed), {5:F0} bytes/connection, {6}{7}",
                r.Scenario, r.Ok ? "ok" : "FAIL", r.Target, r.Connections, r.ConnectionsFailed, r.BytesPerConnection, memory, Note(r))
            : string.Format(c,
                "RESULT {0} [{1}] {2}: pubs {3} subs {4} qos {5} {6} B, {7:F1} s, sent {8} delivered {9}/{10} lost {11}, {12:F0} msg/s, latency p50 {13:F0} us p99 {14:F0} us p99.9 {15:F0} us, {16}, cpu broker {18:F0}% bench {19:F0}%, load {20:F1}{17}",
                r.Scenario, r.Ok ? "ok" : "FAIL", r.Target, r.Publishers, r.Subscribers, r.Qos, r.PayloadBytes, r.DurationSeconds,
                r.Sent, r.Delivered, r.Expected, r.Lost, r.DeliveredPerSecond, r.LatencyP50Us, r.LatencyP99Us, r.LatencyP999Us, memory, Note(r), r.BrokerCpuPercent, r.BenchCpuPercent, r.LoadAverageAtStart);
        if (r.Scenario.StartsWith("device-ingest", StringComparison.Ordinal))
            line += string.Format(c, " | stored {0:F0}/s acked {1:F0}/s", r.StoredPerSecond, r.AckedPerSecond);
        string json = JsonSerializer.Serialize(r, BenchJsonContext.Default.ScenarioResult);
        Console.Out.WriteLine(line);
        Console.Out.WriteLine(json);
        Console.Out.Flush();
        if (!string.IsNullOrEmpty(jsonOutPath)) File.AppendAllText(jsonOutPath, json + "\n");
    }

    private static string Note(ScenarioResult r) => string.IsNullOrEmpty(r.Note) ? "" : " (" + r.Note + ")";
}
