using System.Diagnostics;
using System.Text;
using NovaConsole.Bench.Client;
using NovaConsole.Bench.Devices;
using NovaConsole.Bench.Metrics;
using NovaConsole.Bench.Results;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// <c>device-ingest-tcp</c>: N devices provisioned through the import API send <c>data</c> lines with 4 values over
/// the NovaCloud TCP listener. The protocol has no per-line acknowledgement (a line is stored before the next is
/// read), so the run is paced by a global window: sent - stored (polled from /api/v1/system/stats every 20 ms)
/// stays under devices x window, and freed credits go round-robin to the devices with messages outstanding.
/// Reports stored/s and loss = sent - stored after the drain (must be 0).
/// </summary>
internal static class DeviceIngestTcp
{
    public const string Name = "device-ingest-tcp";
    private static readonly byte[] Template = Encoding.ASCII.GetBytes(
        "{\"type\":\"data\",\"values\":{\"temperature\":21.5,\"humidity\":40.25,\"pressure\":1013.2,\"counter\":1000000000}}\n");

    public static async Task<ScenarioResult> RunAsync(BenchOptions o, CancellationToken ct)
    {
        int devices = o.Int("devices", o.Quick ? 200 : 1_000);
        int window = Math.Clamp(o.Int("window", 16), 1, 1024);
        // A fresh process still re-JITs its hot paths (tiered compilation) for about 20-30 s on two cores: sustained ingest is measured after that.
        double warmup = o.Double("warmup", o.Quick ? 1 : 20), duration = o.Duration(15, 3);
        var endPoint = new System.Net.IPEndPoint(o.BrokerEndPoint.Address, o.Int("tcp-port", 9000));
        using var api = new NovaApi(new Uri(o.String("http", "http://127.0.0.1:8080")));
        await api.SignInAsync(o.String("data-path", "./data"), ct).ConfigureAwait(false);
        var credentials = await api.ImportDevicesAsync(o.String("prefix", "tc"), devices, o.Int("import-chunk", 5_000), ct).ConfigureAwait(false);

        double loadAverage = ProcessCpuProbe.LoadAverage();
        var rssStart = ProcessMemoryProbe.Read(o.BrokerPid);
        var clients = new TcpDeviceClient[devices];
        int next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(32, devices)).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < devices;)
                clients[i] = await TcpDeviceClient.ConnectAsync(endPoint, credentials[i], ConnectionFactory.SourceAddress(i, 10_000), ct).ConfigureAwait(false);
        }, ct))).ConfigureAwait(false);

        var stats0 = await api.StatsAsync(ct).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receive = clients.Select(c => c.RunReceiveLoopAsync(stop.Token)).ToArray();
        var budgets = clients.Select(_ => new InFlightBudget(window)).ToArray();
        var outstanding = new long[devices];
        var run = new IngestRun(o.Long("max-messages", 50_000_000));
        long sentTotal = 0;
        var senders = clients.Select((c, i) => SendLoopAsync(c, budgets[i], outstanding, i, run, () => Interlocked.Increment(ref sentTotal), stop.Token)).ToArray();
        var pacer = PaceAsync(api, stats0.MessagesStored, budgets, outstanding, stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(warmup), ct).ConfigureAwait(false);
        var atWarm = await api.StatsAsync(ct).ConfigureAwait(false);
        var sw = Stopwatch.StartNew();
        double cpu0 = ProcessCpuProbe.Read(o.BrokerPid), self0 = ProcessCpuProbe.Self();
        await Task.Delay(TimeSpan.FromSeconds(duration), ct).ConfigureAwait(false);
        var atEnd = await api.StatsAsync(ct).ConfigureAwait(false);
        double measured = sw.Elapsed.TotalSeconds;
        double cpu1 = ProcessCpuProbe.Read(o.BrokerPid), self1 = ProcessCpuProbe.Self();
        var rssEnd = ProcessMemoryProbe.Read(o.BrokerPid);
        run.Stop();
        foreach (var b in budgets) b.Reset(); // wake senders waiting for credits so they see the stop
        await Task.WhenAny(Task.WhenAll(senders), Task.Delay(5_000, ct)).ConfigureAwait(false);

        long sent = Interlocked.Read(ref sentTotal);
        var final = await api.WaitStoredAsync(stats0.MessagesStored + sent, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(o.Double("drain", 30)), ct).ConfigureAwait(false);
        long stored = final.MessagesStored - stats0.MessagesStored;
        int lostConnections = clients.Count(c => c.Failure is not null);
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(pacer, Task.Delay(1000, CancellationToken.None)).ConfigureAwait(false);
        foreach (var c in clients) await c.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(receive), Task.Delay(3000, CancellationToken.None)).ConfigureAwait(false);

        long lost = Math.Max(0, sent - stored);
        var notes = new List<string> { $"window {window} per device (global {devices * window}), 4 values per line" };
        if (lostConnections > 0) notes.Add($"{lostConnections} connections dropped: {clients.First(c => c.Failure is not null).Failure}");
        if (final.MessagesFailed > 0) notes.Add($"{final.MessagesFailed} messages failed to store");
        double storedPerSecond = Math.Round((atEnd.MessagesStored - atWarm.MessagesStored) / measured);
        return new ScenarioResult
        {
            Scenario = Name,
            Broker = o.BrokerName,
            Target = $"{endPoint}",
            Connections = devices,
            Publishers = devices,
            PayloadBytes = Template.Length,
            DurationSeconds = Math.Round(measured, 3),
            Sent = sent,
            Expected = sent,
            Delivered = stored,
            Stored = stored,
            Lost = lost,
            StoredPerSecond = storedPerSecond,
            DeliveredPerSecond = storedPerSecond,
            BrokerRssStartKiB = rssStart.RssKiB,
            BrokerRssEndKiB = rssEnd.RssKiB,
            BrokerHwmEndKiB = rssEnd.HwmKiB,
            BrokerCpuPercent = cpu0 >= 0 ? Math.Round((cpu1 - cpu0) / measured * 100) : -1,
            BenchCpuPercent = Math.Round((self1 - self0) / measured * 100),
            LoadAverageAtStart = loadAverage,
            ConnectionsLost = lostConnections,
            Ok = lost == 0 && lostConnections == 0 && final.MessagesFailed == 0,
            Note = string.Join("; ", notes),
        };
    }

    // Stored messages cannot be attributed to a device, so freed credits go round-robin to devices with
    // messages outstanding; the listener serves connections roughly fairly, so this tracks it closely.
    private static async Task PaceAsync(NovaApi api, long storedAtStart, InFlightBudget[] budgets, long[] outstanding, CancellationToken ct)
    {
        long credited = storedAtStart;
        int cursor = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(20, ct).ConfigureAwait(false);
                long stored = (await api.StatsAsync(ct).ConfigureAwait(false)).MessagesStored;
                long free = stored - credited;
                credited = stored;
                for (int scanned = 0; free > 0 && scanned < budgets.Length; scanned++, cursor = (cursor + 1) % budgets.Length)
                {
                    long owed = Interlocked.Read(ref outstanding[cursor]);
                    long give = Math.Min(owed, free);
                    if (give <= 0) continue;
                    Interlocked.Add(ref outstanding[cursor], -give);
                    budgets[cursor].Release(give);
                    free -= give;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
        {
        }
    }

    private static async Task SendLoopAsync(TcpDeviceClient client, InFlightBudget credits, long[] outstanding, int index, IngestRun run,
        Action countSent, CancellationToken ct)
    {
        var buffer = new byte[(int)credits.Capacity * Template.Length];
        long sequence = 0;
        try
        {
            while (!ct.IsCancellationRequested && run.Sending)
            {
                int units = await credits.TakeAsync((int)Math.Max(1, credits.Capacity / 2), 1, ct).ConfigureAwait(false);
                units = run.Reserve(units, credits);
                if (units == 0) return;
                int length = 0;
                for (int u = 0; u < units; u++, length += Template.Length)
                {
                    var line = buffer.AsSpan(length, Template.Length);
                    Template.CopyTo(line);
                    var digits = line.Slice(line.Length - 13, 10);
                    long s = 1_000_000_000 + sequence++ % 1_000_000_000; // no leading zeros in a JSON number
                    for (int d = 9; d >= 0; d--, s /= 10) digits[d] = (byte)('0' + s % 10);
                    countSent();
                }
                Interlocked.Add(ref outstanding[index], units);
                await client.SendAsync(buffer.AsMemory(0, length), ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
        }
    }
}
