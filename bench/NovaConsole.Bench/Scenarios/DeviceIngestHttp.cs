using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using NovaConsole.Bench.Devices;
using NovaConsole.Bench.Metrics;
using NovaConsole.Bench.Results;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// <c>device-ingest-http</c>: N clients (100), each a device provisioned through the import API with its own HTTP/1.1
/// keep-alive connection, POST telemetry (4 values) to <c>/api/v1/d/{id}/telemetry</c> one request at a time. A 200
/// comes only after the SQLite commit, so request latency is the ingest latency. Reports acknowledged/s, stored/s
/// (system stats over the measured window), loss = acknowledged - stored (must be 0), p50/p99. Meanwhile a probe
/// device long-polls <c>GET .../commands?wait=30</c> and the bench sends it commands through the console API, one at
/// a time: command delivery latency = from the send request to the poll's answer arriving.
/// </summary>
internal static class DeviceIngestHttp
{
    public const string Name = "device-ingest-http";
    private const string Body = "{\"temperature\":21.5,\"humidity\":40.25,\"pressure\":1013.2,\"counter\":1000000000}";

    public static async Task<ScenarioResult> RunAsync(BenchOptions o, CancellationToken ct)
    {
        int clients = o.Int("devices", o.Quick ? 50 : 100);
        double warmup = o.Double("warmup", o.Quick ? 2 : 10), duration = o.Duration(15, 5);
        int probes = o.Int("probes", o.Quick ? 20 : 50);
        var baseUri = new Uri(o.String("http", "http://127.0.0.1:8080"));
        using var api = new NovaApi(baseUri);
        await api.SignInAsync(o.String("data-path", "./data"), ct).ConfigureAwait(false);
        var credentials = await api.ImportDevicesAsync(o.String("prefix", "ht"), clients + 1, o.Int("import-chunk", 5_000), ct).ConfigureAwait(false);
        var probe = credentials[^1];

        double loadAverage = ProcessCpuProbe.LoadAverage();
        var rssStart = ProcessMemoryProbe.Read(o.BrokerPid);
        var http = credentials.Take(clients).Select(c => Device(baseUri, c)).ToArray();
        var run = new IngestRun(o.Long("max-messages", 5_000_000));
        var histograms = http.Select(_ => new LatencyHistogram()).ToArray();
        long acked = 0, failed = 0;
        var measuring = new StrongBox(false);
        string? firstFailure = null;
        var stats0 = await api.StatsAsync(ct).ConfigureAwait(false);
        var loops = http.Select((client, i) => Task.Run(async () =>
        {
            var path = $"api/v1/d/{credentials[i].Id}/telemetry";
            var credits = new InFlightBudget(1);
            while (run.Sending && !ct.IsCancellationRequested)
            {
                if (run.Reserve(1, credits) == 0) return;
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.PostAsync(path, new StringContent(Body, Encoding.UTF8, "application/json"), ct).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref acked);
                        if (measuring.Value) histograms[i].Record((long)Stopwatch.GetElapsedTime(start).TotalNanoseconds);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                        firstFailure ??= $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}";
                    }
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref failed);
                    firstFailure ??= e.Message;
                }
            }
        }, ct)).ToArray();

        using var poller = Device(baseUri, probe);
        poller.Timeout = TimeSpan.FromSeconds(60);
        var commandLatency = new LatencyHistogram();

        await Task.Delay(TimeSpan.FromSeconds(warmup), ct).ConfigureAwait(false);
        var atWarm = await api.StatsAsync(ct).ConfigureAwait(false);
        long ackedAtWarm = Interlocked.Read(ref acked);
        measuring.Value = true;
        var sw = Stopwatch.StartNew();
        double cpu0 = ProcessCpuProbe.Read(o.BrokerPid), self0 = ProcessCpuProbe.Self();
        var probing = ProbeCommandsAsync(api, poller, probe.Id, probes, TimeSpan.FromSeconds(duration), commandLatency, ct);
        await Task.Delay(TimeSpan.FromSeconds(duration), ct).ConfigureAwait(false);
        var atEnd = await api.StatsAsync(ct).ConfigureAwait(false);
        long ackedAtEnd = Interlocked.Read(ref acked);
        double measured = sw.Elapsed.TotalSeconds;
        double cpu1 = ProcessCpuProbe.Read(o.BrokerPid), self1 = ProcessCpuProbe.Self();
        var rssEnd = ProcessMemoryProbe.Read(o.BrokerPid);
        run.Stop();
        await Task.WhenAny(Task.WhenAll(loops), Task.Delay(TimeSpan.FromSeconds(o.Double("drain", 15)), ct)).ConfigureAwait(false);
        int probesDone = await probing.ConfigureAwait(false);

        long ackedTotal = Interlocked.Read(ref acked);
        var final = await api.WaitStoredAsync(stats0.MessagesStored + ackedTotal, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        long stored = final.MessagesStored - stats0.MessagesStored;
        foreach (var client in http) client.Dispose();

        var latency = new LatencyHistogram();
        foreach (var h in histograms) latency.Add(h);
        long lost = Math.Max(0, ackedTotal - stored);
        var notes = new List<string>
        {
            $"{clients} clients, one request in flight each, HTTP/1.1 keep-alive, 4 values per request",
            $"command delivery to a long-polling device: {probesDone} commands, p50 {commandLatency.PercentileMicroseconds(0.5) / 1000:0.0} ms, " +
            $"p99 {commandLatency.PercentileMicroseconds(0.99) / 1000:0.0} ms, max {commandLatency.MaxNanoseconds / 1e6:0.0} ms",
        };
        if (failed > 0) notes.Add($"{failed} requests failed: {firstFailure}");
        double storedPerSecond = Math.Round((atEnd.MessagesStored - atWarm.MessagesStored) / measured);
        return new ScenarioResult
        {
            Scenario = Name,
            Broker = o.BrokerName,
            Target = baseUri.ToString(),
            Connections = clients,
            Publishers = clients,
            PayloadBytes = Body.Length,
            DurationSeconds = Math.Round(measured, 3),
            Sent = ackedTotal + failed,
            Expected = ackedTotal,
            Delivered = stored,
            Stored = stored,
            Lost = lost,
            AckedPerSecond = Math.Round((ackedAtEnd - ackedAtWarm) / measured),
            StoredPerSecond = storedPerSecond,
            DeliveredPerSecond = storedPerSecond,
            LatencyP50Us = latency.PercentileMicroseconds(0.5),
            LatencyP99Us = latency.PercentileMicroseconds(0.99),
            LatencyP999Us = latency.PercentileMicroseconds(0.999),
            LatencyMaxUs = latency.MaxNanoseconds / 1000.0,
            Probes = probesDone,
            ProbeAckP50Us = commandLatency.PercentileMicroseconds(0.5),
            ProbeAckP99Us = commandLatency.PercentileMicroseconds(0.99),
            BrokerRssStartKiB = rssStart.RssKiB,
            BrokerRssEndKiB = rssEnd.RssKiB,
            BrokerHwmEndKiB = rssEnd.HwmKiB,
            BrokerCpuPercent = cpu0 >= 0 ? Math.Round((cpu1 - cpu0) / measured * 100) : -1,
            BenchCpuPercent = Math.Round((self1 - self0) / measured * 100),
            LoadAverageAtStart = loadAverage,
            Ok = lost == 0 && failed == 0 && probesDone > 0,
            Note = string.Join("; ", notes),
        };
    }

    /// <summary>One device, one connection: HTTP/1.1 keep-alive, its key as the bearer.</summary>
    private static HttpClient Device(Uri baseUri, DeviceCredential credential)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseUri,
            DefaultRequestVersion = HttpVersion.Version11,
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential.Key);
        return client;
    }

    /// <summary>
    /// The probe device keeps a long-poll open; each command is sent once the previous one came back, 100 ms apart.
    /// Bounded in count and time. Returns how many arrived.
    /// </summary>
    private static async Task<int> ProbeCommandsAsync(NovaApi api, HttpClient device, string deviceId, int count, TimeSpan limit,
        LatencyHistogram latency, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        int done = 0;
        for (int i = 0; i < count && deadline.Elapsed < limit; i++)
        {
            var poll = device.GetAsync($"api/v1/d/{deviceId}/commands?wait=30", ct);
            // The poll must be open before the command is sent, or it would be measured from the queue.
            await api.WaitOnlineAsync(deviceId, ct).ConfigureAwait(false);
            await Task.Delay(100, ct).ConfigureAwait(false);
            long start = Stopwatch.GetTimestamp();
            var sending = api.SendCommandAsync(deviceId, "ping", ct);
            using var response = await poll.ConfigureAwait(false);
            long arrived = Stopwatch.GetTimestamp();
            var id = await sending.ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK) continue;
            latency.Record((long)Stopwatch.GetElapsedTime(start, arrived).TotalNanoseconds);
            done++;
            using var answer = await device.PostAsync($"api/v1/d/{deviceId}/commands/{id}/response",
                new StringContent("{\"result\":\"success\"}", Encoding.UTF8, "application/json"), ct).ConfigureAwait(false);
        }
        return done;
    }

    private sealed class StrongBox(bool value)
    {
        public volatile bool Value = value;
    }
}
