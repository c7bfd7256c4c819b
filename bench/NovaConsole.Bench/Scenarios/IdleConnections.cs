using System.Diagnostics;
using System.Globalization;
using NovaConsole.Bench.Metrics;
using NovaConsole.Bench.Results;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// N idle connections (keep-alive 60 s) spread over K child processes (one process holds at most ~19,900
/// sockets) and over source addresses 127.0.0.2, 127.0.0.3, ... (--per-source each). Reports the broker's
/// RSS before and after, and (after - before) / N bytes per connection.
/// </summary>
internal static class IdleConnections
{
    public const string Name = "idle-connections";

    public static async Task<ScenarioResult> RunAsync(BenchOptions o, CancellationToken cancellationToken)
    {
        int total = o.Int("connections", o.Quick ? 2_000 : 10_000);
        int processes = Math.Clamp(o.Int("processes", 2), 1, 64);
        int perSource = o.Int("per-source", 10_000);
        double hold = o.Duration(10, 3);
        double settle = o.Double("settle", o.Quick ? 1 : 2);
        if ((total + processes - 1) / processes > 19_500)
            throw new ArgumentException($"{total} connections over {processes} processes: more than 19,500 per process (20,000 open files each); raise --processes");

        string tag = Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next()))[..6].ToLowerInvariant();
        var before = ProcessMemoryProbe.Read(o.BrokerPid);
        double loadAverage = ProcessCpuProbe.LoadAverage();
        var children = new List<Process>();
        var stopwatch = Stopwatch.StartNew();
        try
        {
            int first = 0;
            for (int k = 0; k < processes; k++)
            {
                int count = total / processes + (k < total % processes ? 1 : 0);
                var info = IdleChild.StartInfo([IdleChild.Command, "--host", o.Host, "--port", o.Port.ToString(CultureInfo.InvariantCulture),
                    "--first", first.ToString(CultureInfo.InvariantCulture), "--count", count.ToString(CultureInfo.InvariantCulture),
                    "--per-source", perSource.ToString(CultureInfo.InvariantCulture), "--tag", tag,
                    "--keepalive", o.Int("keepalive", 60).ToString(CultureInfo.InvariantCulture),
                    "--max-seconds", (hold + settle + 300).ToString(CultureInfo.InvariantCulture)]);
                children.Add(Process.Start(info) ?? throw new InvalidOperationException("child did not start"));
                first += count;
            }

            // READY from every child, bounded by a connect timeout.
            using var readyTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            readyTimeout.CancelAfter(TimeSpan.FromSeconds(o.Double("connect-timeout", 180)));
            var ready = await Task.WhenAll(children.Select(c => ReadTaggedLineAsync(c, "READY", readyTimeout.Token))).ConfigureAwait(false);
            int connected = ready.Sum(r => int.Parse(r[1], CultureInfo.InvariantCulture));
            int failed = ready.Sum(r => int.Parse(r[2], CultureInfo.InvariantCulture));
            string? firstError = ready.Select(r => string.Join(' ', r.Skip(3))).FirstOrDefault(e => e != "-");
            double connectSeconds = stopwatch.Elapsed.TotalSeconds;

            await Task.Delay(TimeSpan.FromSeconds(settle), cancellationToken).ConfigureAwait(false);
            var after = ProcessMemoryProbe.Read(o.BrokerPid);
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, hold - settle)), cancellationToken).ConfigureAwait(false);
            var end = ProcessMemoryProbe.Read(o.BrokerPid);

            foreach (var c in children) await c.StandardInput.WriteLineAsync("STOP").ConfigureAwait(false);
            using var doneTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var done = await Task.WhenAll(children.Select(c => ReadTaggedLineAsync(c, "DONE", doneTimeout.Token))).ConfigureAwait(false);
            int lost = done.Sum(r => int.Parse(r[1], CultureInfo.InvariantCulture));

            var notes = new List<string> { $"connected in {connectSeconds:F1} s over {processes} processes, {(total + perSource - 1) / perSource} source addresses" };
            if (failed > 0) notes.Add($"{failed} connections failed: {firstError}");
            if (lost > 0) notes.Add($"{lost} connections dropped while idle");
            double perConnection = before.RssKiB >= 0 && connected > 0 ? (after.RssKiB - before.RssKiB) * 1024.0 / connected : 0;
            return new ScenarioResult
            {
                Scenario = Name,
                Broker = o.BrokerName,
                Target = o.Target,
                Connections = connected,
                DurationSeconds = Math.Round(stopwatch.Elapsed.TotalSeconds, 3),
                BrokerRssStartKiB = before.RssKiB,
                BrokerRssEndKiB = after.RssKiB,
                BrokerHwmEndKiB = end.HwmKiB,
                BytesPerConnection = Math.Round(perConnection, 0),
                ConnectionsFailed = failed,
                LoadAverageAtStart = loadAverage,
                ConnectionsLost = lost,
                Ok = failed == 0 && lost == 0 && connected == total,
                Note = string.Join("; ", notes),
            };
        }
        finally
        {
            foreach (var c in children)
            {
                try
                {
                    c.StandardInput.Close(); // EOF: a child still holding connections lets go and exits
                    if (!c.WaitForExit(5000)) c.Kill(entireProcessTree: true);
                }
                catch (Exception ex) when (ex is InvalidOperationException or IOException)
                {
                }
                c.Dispose();
            }
        }
    }

    /// <summary>Reads a child's stdout up to the line that starts with <paramref name="tag"/>; other lines are echoed.</summary>
    internal static async Task<string[]> ReadTaggedLineAsync(Process child, string tag, CancellationToken cancellationToken)
    {
        // Bounded by the token and by the child's stdout closing.
        while (true)
        {
            string? line = await child.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"child {child.Id} exited before {tag}");
            if (line.StartsWith(tag, StringComparison.Ordinal)) return line.Split(' ');
            Console.Error.WriteLine($"[child {child.Id}] {line}");
        }
    }
}
