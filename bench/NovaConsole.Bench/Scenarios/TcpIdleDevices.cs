using System.Diagnostics;
using System.Globalization;
using NovaConsole.Bench.Client;
using NovaConsole.Bench.Devices;
using NovaConsole.Bench.Metrics;
using NovaConsole.Bench.Results;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// <c>tcp-idle-devices</c>: N devices (19,000 by default) provisioned through the import API in chunks, each holding
/// an authenticated, idle TCP connection, spread over K load processes and source addresses (127.0.0.2 and up).
/// Reports NovaConsole's RSS before (after provisioning) and after, and bytes per connection. Child processes run
/// the command <c>tcp-idle-child</c> with a credentials file.
/// </summary>
internal static class TcpIdleDevices
{
    public const string Name = "tcp-idle-devices";
    public const string ChildCommand = "tcp-idle-child";

    public static async Task<ScenarioResult> RunAsync(BenchOptions o, CancellationToken ct)
    {
        int total = o.Int("connections", o.Quick ? 2_000 : 19_000);
        int processes = Math.Clamp(o.Int("processes", 2), 1, 64);
        int perSource = o.Int("per-source", 10_000);
        double hold = o.Duration(10, 3), settle = o.Double("settle", o.Quick ? 1 : 2);
        if ((total + processes - 1) / processes > 19_500) throw new ArgumentException("more than 19,500 connections per process; raise --processes");
        using var api = new NovaApi(new Uri(o.String("http", "http://127.0.0.1:8080")));
        await api.SignInAsync(o.String("data-path", "./data"), ct).ConfigureAwait(false);
        // --provision FILE: import the devices, write their credentials and stop, so that NovaConsole can be restarted
        // before the measurement (the import's garbage would otherwise be reused by the connections and hide their
        // cost). --credentials FILE: the measurement with devices provisioned that way.
        string? provisionTo = o.String("provision", "") is { Length: > 0 } p ? p : null;
        string? given = o.String("credentials", "") is { Length: > 0 } g ? g : null;
        string file = given ?? provisionTo ?? Path.Combine(Path.GetTempPath(), $"nova-bench-devices-{Environment.ProcessId}.csv");
        if (given is null)
        {
            var credentials = await api.ImportDevicesAsync(o.String("prefix", "ti"), total, o.Int("import-chunk", 5_000), ct).ConfigureAwait(false);
            await File.WriteAllLinesAsync(file, credentials.Select(c => $"{c.Id},{c.Key}"), ct).ConfigureAwait(false);
            if (provisionTo is not null)
                return new ScenarioResult { Scenario = Name + "-provision", Broker = o.BrokerName, Target = o.Host, Connections = total, Ok = true, Note = $"{total} devices provisioned into {file}" };
        }
        else if (File.ReadLines(file).Count() < total) throw new ArgumentException($"{file} holds fewer than {total} devices");

        await Task.Delay(TimeSpan.FromSeconds(settle), ct).ConfigureAwait(false);
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
                var info = IdleChild.StartInfo([ChildCommand, "--host", o.Host, "--tcp-port", o.Int("tcp-port", 9000).ToString(CultureInfo.InvariantCulture),
                    "--credentials", file, "--first", first.ToString(CultureInfo.InvariantCulture), "--count", count.ToString(CultureInfo.InvariantCulture),
                    "--per-source", perSource.ToString(CultureInfo.InvariantCulture), "--max-seconds", (hold + settle + 300).ToString(CultureInfo.InvariantCulture)]);
                children.Add(Process.Start(info) ?? throw new InvalidOperationException("child did not start"));
                first += count;
            }
            using var readyTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            readyTimeout.CancelAfter(TimeSpan.FromSeconds(o.Double("connect-timeout", 240)));
            var ready = await Task.WhenAll(children.Select(c => IdleConnections.ReadTaggedLineAsync(c, "READY", readyTimeout.Token))).ConfigureAwait(false);
            int connected = ready.Sum(r => int.Parse(r[1], CultureInfo.InvariantCulture));
            int failed = ready.Sum(r => int.Parse(r[2], CultureInfo.InvariantCulture));
            string? firstError = ready.Select(r => string.Join(' ', r.Skip(3))).FirstOrDefault(e => e != "-");
            double connectSeconds = stopwatch.Elapsed.TotalSeconds;

            await Task.Delay(TimeSpan.FromSeconds(settle), ct).ConfigureAwait(false);
            var after = ProcessMemoryProbe.Read(o.BrokerPid);
            var stats = await api.StatsAsync(ct).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, hold - settle)), ct).ConfigureAwait(false);
            var end = ProcessMemoryProbe.Read(o.BrokerPid);

            foreach (var c in children) await c.StandardInput.WriteLineAsync("STOP").ConfigureAwait(false);
            using var doneTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var done = await Task.WhenAll(children.Select(c => IdleConnections.ReadTaggedLineAsync(c, "DONE", doneTimeout.Token))).ConfigureAwait(false);
            int lost = done.Sum(r => int.Parse(r[1], CultureInfo.InvariantCulture));

            var notes = new List<string> { $"connected and authenticated in {connectSeconds:F1} s over {processes} processes; devicesOnline {stats.DevicesOnline}" };
            if (failed > 0) notes.Add($"{failed} connections failed: {firstError}");
            if (lost > 0) notes.Add($"{lost} connections dropped while idle");
            return new ScenarioResult
            {
                Scenario = Name,
                Broker = o.BrokerName,
                Target = $"{o.Host}:{o.Int("tcp-port", 9000)}",
                Connections = connected,
                DurationSeconds = Math.Round(stopwatch.Elapsed.TotalSeconds, 3),
                BrokerRssStartKiB = before.RssKiB,
                BrokerRssEndKiB = after.RssKiB,
                BrokerHwmEndKiB = end.HwmKiB,
                BytesPerConnection = connected > 0 && before.RssKiB >= 0 ? Math.Round((after.RssKiB - before.RssKiB) * 1024.0 / connected) : 0,
                ConnectionsFailed = failed,
                ConnectionsLost = lost,
                LoadAverageAtStart = loadAverage,
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
                    c.StandardInput.Close();
                    if (!c.WaitForExit(5000)) c.Kill(entireProcessTree: true);
                }
                catch (Exception ex) when (ex is InvalidOperationException or IOException)
                {
                }
                c.Dispose();
            }
            if (given is null) File.Delete(file);
        }
    }

    /// <summary>The child: connects and authenticates its share, READY, idles until STOP/EOF/time limit, DONE lost.</summary>
    public static async Task<int> RunChildAsync(BenchOptions o)
    {
        int first = o.Int("first", 0), count = o.Int("count", 100), perSource = o.Int("per-source", 10_000);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(o.Double("max-seconds", 600)));
        var credentials = File.ReadLines(o.String("credentials", "")).Skip(first).Take(count)
            .Select(l => l.Split(',')).Select(p => new DeviceCredential(p[0], p[1])).ToArray();
        var endPoint = new System.Net.IPEndPoint(o.BrokerEndPoint.Address, o.Int("tcp-port", 9000));
        var clients = new TcpDeviceClient?[credentials.Length];
        int next = -1, failed = 0;
        string? firstError = null;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < credentials.Length;)
            {
                try
                {
                    clients[i] = await TcpDeviceClient.ConnectAsync(endPoint, credentials[i], ConnectionFactory.SourceAddress(first + i, perSource), stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException or OperationCanceledException)
                {
                    if (Interlocked.Increment(ref failed) == 1) firstError = ex.Message;
                }
            }
        }))).ConfigureAwait(false);
        var connected = clients.Where(c => c is not null).Select(c => c!).ToList();
        var loops = connected.Select(c => c.RunReceiveLoopAsync(stop.Token)).ToList();
        Console.Out.WriteLine($"READY {connected.Count} {failed} {firstError ?? "-"}");
        Console.Out.Flush();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                string? line = await Console.In.ReadLineAsync(stop.Token).ConfigureAwait(false);
                if (line is null || line.Trim() == "STOP") break;
            }
        }
        catch (OperationCanceledException)
        {
        }
        int lost = connected.Count(c => c.Failure is not null);
        await stop.CancelAsync().ConfigureAwait(false);
        foreach (var c in connected) await c.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(loops), Task.Delay(3000)).ConfigureAwait(false);
        Console.Out.WriteLine($"DONE {lost} {connected.FirstOrDefault(c => c.Failure is not null)?.Failure ?? "-"}");
        Console.Out.Flush();
        return 0;
    }
}
