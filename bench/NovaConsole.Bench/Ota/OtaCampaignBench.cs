using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using NovaConsole.Bench.Client;
using NovaConsole.Bench.Devices;
using NovaConsole.Bench.Metrics;

namespace NovaConsole.Bench.Ota;

/// <summary>
/// <c>ota-campaign</c> (issue 12's benchmark): N devices (10,000) imported and connected over MQTT, each subscribed to
/// its inform topic; a package (4 MiB) uploaded; one campaign with batches 1% / 10% / 89% and maxInFlight 500. Each
/// device that is informed downloads the package over HTTP (<c>--downloaders</c> at a time, 200 by default), checks
/// size and MD5, reports step 100 and then version 2.0 (the campaign asks for confirmation). Reports the wall time,
/// exact counts, NovaConsole's peak memory, download throughput, and how long an inform took to reach a device.
/// Bounded by <c>--limit</c> seconds.
/// </summary>
internal static class OtaCampaignBench
{
    public const string Name = "ota-campaign";
    private const ushort KeepAlive = 300;   // 1.5 x 300 s outlasts connecting 10,000 devices before the pinger starts

    public static async Task<int> RunAsync(BenchOptions o, CancellationToken ct)
    {
        int devices = o.Int("devices", o.Quick ? 500 : 10_000);
        int packageBytes = o.Int("package-bytes", 4 << 20);
        int maxInFlight = o.Int("max-in-flight", 500);
        int downloaders = o.Int("downloaders", 200);
        double limit = o.Double("limit", o.Quick ? 300 : 1500);
        var httpBase = new Uri(o.String("http", "http://127.0.0.1:8080"));
        using var api = new NovaApi(httpBase);
        await api.SignInAsync(o.String("data-path", "./data"), ct).ConfigureAwait(false);
        var credentials = await api.ImportDevicesAsync(o.String("prefix", "ota"), devices, o.Int("import-chunk", 5_000), ct).ConfigureAwait(false);
        Console.WriteLine($"imported {devices} devices");

        var file = RandomNumberGenerator.GetBytes(packageBytes);
        string md5 = Convert.ToHexStringLower(MD5.HashData(file));
        long packageId;
        using (var form = new MultipartFormDataContent
        {
            { new StringContent("bench firmware"), "name" }, { new StringContent("2.0"), "version" },
            { new StringContent("MCU"), "module" }, { new StringContent("MD5"), "signMethod" },
            { new ByteArrayContent(file), "file", "firmware.bin" },
        })
        {
            using var upload = await api.Http.PostAsync("/api/v1/ota/packages", form, ct).ConfigureAwait(false);
            if (!upload.IsSuccessStatusCode) throw new InvalidOperationException($"upload: {(int)upload.StatusCode} {await upload.Content.ReadAsStringAsync(ct)}");
            var package = await upload.Content.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false);
            if (package.GetProperty("sign").GetString() != md5) throw new InvalidOperationException("the package's sign is not the file's MD5");
            packageId = package.GetProperty("id").GetInt64();
        }

        var informs = Channel.CreateUnbounded<OtaInform>();
        var clients = new MqttBenchClient[devices];
        var handlers = new OtaInformHandler[devices];
        int next = -1;
        var connectWatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < devices;)
            {
                var settings = new ClientSettings(o.BrokerEndPoint, KeepAlive, 4 * 1024, 256, credentials[i].Id, credentials[i].Key);
                clients[i] = await MqttBenchClient.ConnectAsync(settings, credentials[i].Id, ConnectionFactory.SourceAddress(i, 10_000), ct).ConfigureAwait(false);
                await clients[i].SubscribeAsync($"ota/devices/inform/{credentials[i].Id}", 1, ct).ConfigureAwait(false);
            }
        }, ct))).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receive = clients.Select((c, i) => c.RunReceiveLoopAsync(handlers[i] = new OtaInformHandler(i, informs.Writer), stop.Token)).ToArray();
        // The run outlasts any keep-alive: without PINGREQs the broker closes idle devices after 1.5 x keep-alive.
        var pinger = KeepAlivePinger.RunAsync(clients, KeepAlive, stop.Token);
        Console.WriteLine($"connected and subscribed {devices} devices in {connectWatch.Elapsed.TotalSeconds:F1} s");

        var request = new
        {
            name = "bench rollout", packageId, targets = new { search = o.String("prefix", "ota") + "-" },
            rollout = new { batches = new object[] { "1%", "10%", "89%" }, maxInFlight, timeouts = new { ack = 900, stall = 900, total = 7200 }, retry = new { max = 0, backoffSeconds = 0 } },
            requireVersionConfirm = true,
        };
        // Every subscription is recorded before the campaign is planned (bounded wait).
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(500, ct).ConfigureAwait(false))
        {
            using var dry = await api.Http.PostAsJsonAsync("/api/v1/ota/campaigns?dryRun=true", request, ct).ConfigureAwait(false);
            var preview = await dry.Content.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false);
            if (preview.GetProperty("targets").GetArrayLength() == devices) break;
            if (waited.Elapsed.TotalSeconds > 120) throw new InvalidOperationException($"only {preview.GetProperty("targets").GetArrayLength()} of {devices} devices are targets");
        }

        var stats = new DownloadStats();
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = downloaders, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { Timeout = TimeSpan.FromMinutes(5) };
        var workers = Enumerable.Range(0, downloaders).Select(_ => Task.Run(() => DownloadLoopAsync(informs.Reader, clients, credentials, http, md5, packageBytes, stats, stop.Token))).ToArray();

        long rssStartKiB = ProcessMemoryProbe.Read(o.BrokerPid).RssKiB;
        double cpu0 = ProcessCpuProbe.Read(o.BrokerPid), load = ProcessCpuProbe.LoadAverage();
        var wall = Stopwatch.StartNew();
        using var created = await api.Http.PostAsJsonAsync("/api/v1/ota/campaigns", request, ct).ConfigureAwait(false);
        if (!created.IsSuccessStatusCode) throw new InvalidOperationException($"create: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync(ct)}");
        long id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false)).GetProperty("id").GetInt64();

        long peakRssKiB = rssStartKiB;
        JsonElement campaign;
        while (true)
        {
            await Task.Delay(1000, ct).ConfigureAwait(false);
            peakRssKiB = Math.Max(peakRssKiB, ProcessMemoryProbe.Read(o.BrokerPid).RssKiB);
            campaign = await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/ota/campaigns/{id}", ct).ConfigureAwait(false);
            var state = campaign.GetProperty("state").GetString();
            if (state is "completed" or "paused" or "cancelled" || wall.Elapsed.TotalSeconds > limit) break;
            if ((int)wall.Elapsed.TotalSeconds % 15 == 0)
                Console.WriteLine($"{wall.Elapsed.TotalSeconds,6:F0} s: {state}, batch {campaign.GetProperty("currentBatch").GetInt32() + 1}, succeeded {Count(campaign, "succeeded")}, downloads {stats.Completed}");
        }
        double seconds = wall.Elapsed.TotalSeconds;
        double cpu1 = ProcessCpuProbe.Read(o.BrokerPid);
        var hwm = ProcessMemoryProbe.Read(o.BrokerPid);
        informs.Writer.TryComplete();
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(workers), Task.Delay(5000, CancellationToken.None)).ConfigureAwait(false);
        await ConnectionFactory.DisconnectAllAsync(clients).ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(receive), Task.Delay(3000, CancellationToken.None)).ConfigureAwait(false);

        int succeeded = Count(campaign, "succeeded"), sum = new[] { "planned", "queued", "informed", "inProgress", "succeeded", "failed", "timedOut", "cancelled", "skipped" }.Sum(k => Count(campaign, k));
        int informsReceived = handlers.Sum(h => h.Informs), dropped = clients.Count(c => c.Failure is not null);
        bool ok = campaign.GetProperty("state").GetString() == "completed" && succeeded == devices && sum == devices && informsReceived == devices && stats.Bad == 0;
        var result = new
        {
            scenario = Name, ok, devices, packageBytes, maxInFlight, downloaders, state = campaign.GetProperty("state").GetString(),
            counts = campaign.GetProperty("counts"), informsReceived, duplicateInforms = informsReceived - stats.Distinct, badDownloads = stats.Bad, connectionsLost = dropped,
            wallSeconds = Math.Round(seconds, 1), bytesServed = stats.Bytes,
            downloadMBps = Math.Round(stats.Bytes / 1e6 / Math.Max(0.001, stats.ActiveSeconds), 1),
            downloadActiveSeconds = Math.Round(stats.ActiveSeconds, 1), peakConcurrentDownloads = stats.PeakConcurrent,
            downloadSecondsP50 = Math.Round(stats.Percentile(0.5), 2), downloadSecondsP99 = Math.Round(stats.Percentile(0.99), 2),
            novaRssStartMiB = rssStartKiB / 1024, novaRssPeakSampledMiB = peakRssKiB / 1024, novaHwmMiB = hwm.HwmKiB / 1024,
            novaCpuPercent = cpu0 >= 0 ? Math.Round((cpu1 - cpu0) / seconds * 100) : -1, loadAverageAtStart = load,
        };
        string json = JsonSerializer.Serialize(result);
        Console.WriteLine($"RESULT {Name}: {(ok ? "ok" : "FAILED")} {devices} devices, {succeeded} succeeded in {seconds:F0} s; " +
            $"{stats.Bytes / 1e9:F1} GB served at {result.downloadMBps} MB/s over {result.downloadActiveSeconds} s of downloading " +
            $"(peak {stats.PeakConcurrent} concurrent); NovaConsole RSS peak {result.novaRssPeakSampledMiB} MiB, HWM {result.novaHwmMiB} MiB");
        Console.WriteLine(json);
        if (o.JsonOut is { } path) await File.AppendAllTextAsync(path, json + "\n", CancellationToken.None).ConfigureAwait(false);
        return ok ? 0 : 1;
    }

    private static int Count(JsonElement campaign, string name) => campaign.GetProperty("counts").GetProperty(name).GetInt32();

    private static async Task DownloadLoopAsync(ChannelReader<OtaInform> informs, MqttBenchClient[] clients, IReadOnlyList<DeviceCredential> credentials,
        HttpClient http, string md5, int size, DownloadStats stats, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            await foreach (var inform in informs.ReadAllAsync(ct).ConfigureAwait(false))
            {
                string device = credentials[inform.Device].Id;
                stats.Started(inform.Device);
                long started = Stopwatch.GetTimestamp(), bytes = 0;
                bool good;
                using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
                {
                    try
                    {
                        using var response = await http.GetAsync(inform.Url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                        await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                        for (int n; (n = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0;)
                        {
                            hash.AppendData(buffer, 0, n);
                            bytes += n;
                        }
                        good = response.IsSuccessStatusCode && bytes == size && inform.Size == size && inform.Sign == md5 && Convert.ToHexStringLower(hash.GetHashAndReset()) == md5;
                    }
                    catch (HttpRequestException)
                    {
                        good = false;
                    }
                }
                stats.Finished(started, bytes, good);
                var client = clients[inform.Device];
                await client.SendAsync(OtaInformHandler.Publish("ota/devices/progress", good ? "{\"step\":100,\"module\":\"MCU\"}" : "{\"step\":-2,\"module\":\"MCU\"}"), ct).ConfigureAwait(false);
                if (good) await client.SendAsync(OtaInformHandler.Publish($"devices/attributes/{inform.Device}", "{\"version\":\"2.0\"}"), ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Downloads: bytes, durations, concurrency, and the time any download was running (throughput = bytes / that time).</summary>
    private sealed class DownloadStats
    {
        private readonly Lock _gate = new();
        private readonly List<double> _durations = [];
        private readonly HashSet<int> _devices = [];
        private int _running;
        private long _activeSince;
        private long _activeTicks;

        public long Bytes { get; private set; }
        public int Completed { get; private set; }
        public int Bad { get; private set; }
        public int PeakConcurrent { get; private set; }
        public int Distinct { get { lock (_gate) return _devices.Count; } }
        public double ActiveSeconds { get { lock (_gate) return (double)_activeTicks / Stopwatch.Frequency; } }

        public void Started(int device)
        {
            lock (_gate)
            {
                _devices.Add(device);
                if (_running++ == 0) _activeSince = Stopwatch.GetTimestamp();
                PeakConcurrent = Math.Max(PeakConcurrent, _running);
            }
        }

        public void Finished(long started, long bytes, bool good)
        {
            long now = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                if (--_running == 0) _activeTicks += now - _activeSince;
                Bytes += bytes;
                Completed++;
                if (!good) Bad++;
                _durations.Add((double)(now - started) / Stopwatch.Frequency);
            }
        }

        public double Percentile(double p)
        {
            lock (_gate)
            {
                if (_durations.Count == 0) return 0;
                var sorted = _durations.Order().ToList();
                return sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
            }
        }
    }
}
