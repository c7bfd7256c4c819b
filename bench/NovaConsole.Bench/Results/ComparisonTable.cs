using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NovaConsole.Bench.Results;

/// <summary>
/// Side-by-side table of result files (JSON lines): the reference broker (mosquitto), ours, and any further
/// brokers (MQTTnet's server), with each one's ratio to the reference. A scenario missing on one side shows "pending".
/// </summary>
internal static class ComparisonTable
{
    public static string Render(string referencePath, string? oursPath, string referenceName, string oursName,
        IReadOnlyList<(string Name, string Path)>? others = null)
    {
        var reference = Load(referencePath);
        // Ours first, then the others: every column after the reference gets a ratio to it.
        var columns = new List<(string Name, List<(string Name, ScenarioResult Result)> Results)> { (oursName, LoadIfAny(oursPath)) };
        columns.AddRange((others ?? []).Select(o => (o.Name, LoadIfAny(o.Path))));
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"| scenario | metric | {referenceName} | {string.Join(" | ", columns.Select(o => o.Name))} | {string.Join(" | ", columns.Select(o => $"{o.Name}/{referenceName}"))} |");
        text.AppendLine($"|---|---|---:|{string.Concat(columns.Select(_ => "---:|"))}{string.Concat(columns.Select(_ => "---:|"))}");
        foreach (var (name, r) in reference)
        {
            var results = columns.Select(o => o.Results.FirstOrDefault(p => p.Name == name).Result).ToList();
            foreach (var (metric, value) in Metrics(r))
            {
                var values = results.Select(o => o is null ? (double?)null : Metrics(o).FirstOrDefault(m => m.Metric == metric).Value).ToList();
                var cells = values.Select(v => v is null ? "pending" : Format(v.Value));
                var ratios = values.Select(v => v is null || value == 0 ? "-" : (v.Value / value).ToString("F2", c));
                text.AppendLine(c, $"| {name} | {metric} | {Format(value)} | {string.Join(" | ", cells)} | {string.Join(" | ", ratios)} |");
            }
            var oks = results.Select(o => o is null ? "pending" : o.Ok ? "yes" : "NO");
            text.AppendLine(c, $"| {name} | ok | {(r.Ok ? "yes" : "NO")} | {string.Join(" | ", oks)} |{string.Concat(columns.Select(_ => " |"))}");
        }
        return text.ToString();
    }

    private static List<(string Name, ScenarioResult Result)> LoadIfAny(string? path) =>
        path is not null && File.Exists(path) ? Load(path) : [];

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
