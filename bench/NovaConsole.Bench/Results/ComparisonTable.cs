using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NovaConsole.Bench.Results;

/// <summary>
/// Side-by-side table of two result files (JSON lines): the reference broker (mosquitto) and ours, with
/// ratios ours / reference. A scenario missing on one side shows "pending".
/// </summary>
internal static class ComparisonTable
{
    public static string Render(string referencePath, string? oursPath, string referenceName, string oursName)
    {
        var reference = Load(referencePath);
        var ours = oursPath is not null && File.Exists(oursPath) ? Load(oursPath) : [];
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"| scenario | metric | {referenceName} | {oursName} | {oursName}/{referenceName} |");
        text.AppendLine("|---|---|---:|---:|---:|");
        foreach (var (name, r) in reference)
        {
            var o = ours.FirstOrDefault(p => p.Name == name).Result;
            foreach (var (metric, value) in Metrics(r))
            {
                double? mine = o is null ? null : Metrics(o).FirstOrDefault(m => m.Metric == metric).Value;
                string ratio = mine is null || value == 0 ? "-" : (mine.Value / value).ToString("F2", c);
                text.AppendLine(c, $"| {name} | {metric} | {Format(value)} | {(mine is null ? "pending" : Format(mine.Value))} | {ratio} |");
            }
            text.AppendLine(c, $"| {name} | ok | {(r.Ok ? "yes" : "NO")} | {(o is null ? "pending" : o.Ok ? "yes" : "NO")} | |");
        }
        return text.ToString();
    }

    private static IEnumerable<(string Metric, double Value)> Metrics(ScenarioResult r)
    {
        if (r.Scenario == "idle-connections")
        {
            yield return ("connections", r.Connections);
            yield return ("RSS before (MiB)", r.BrokerRssStartKiB / 1024.0);
            yield return ("RSS after (MiB)", r.BrokerRssEndKiB / 1024.0);
            yield return ("bytes/connection", r.BytesPerConnection);
            yield break;
        }
        yield return ("delivered msg/s", r.DeliveredPerSecond);
        yield return ("lost", r.Lost);
        yield return ("p50 (us)", r.LatencyP50Us);
        yield return ("p99 (us)", r.LatencyP99Us);
        yield return ("p99.9 (us)", r.LatencyP999Us);
        yield return ("RSS end (MiB)", r.BrokerRssEndKiB / 1024.0);
        yield return ("HWM end (MiB)", r.BrokerHwmEndKiB / 1024.0);
        yield return ("broker CPU %", r.BrokerCpuPercent);
        // Efficiency: comparable even when the shared host gave the broker less than a full core.
        yield return ("msg per broker CPU-s", r.BrokerCpuPercent > 0 ? Math.Round(r.DeliveredPerSecond * 100 / r.BrokerCpuPercent) : 0);
    }

    private static string Format(double value) =>
        value.ToString(Math.Abs(value) >= 100 || value == Math.Floor(value) ? "N0" : "N1", CultureInfo.InvariantCulture);

    /// <summary>Last result per scenario, in first-seen order.</summary>
    private static List<(string Name, ScenarioResult Result)> Load(string path)
    {
        var results = new List<(string Name, ScenarioResult Result)>();
        foreach (string line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var r = JsonSerializer.Deserialize(line, BenchJsonContext.Default.ScenarioResult);
            if (r is null) continue;
            int at = results.FindIndex(p => p.Name == r.Scenario);
            if (at >= 0) results[at] = (r.Scenario, r);
            else results.Add((r.Scenario, r));
        }
        return results;
    }
}
