using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using NovaConsole.Bench.Client;
using NovaConsole.Bench.Devices;
using NovaConsole.Bench.Metrics;
using NovaConsole.Bench.Protocol;
using NovaConsole.Bench.Results;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// <c>device-ingest-mqtt</c>: N devices provisioned through NovaConsole's import API, each connected with its own
/// id/key, publish <c>devices/telemetry</c> (4 values) at QoS 1 with a window of un-PUBACKed messages. NovaConsole
/// PUBACKs only after the SQLite commit, so PUBACK latency is the ingest latency. Reports acknowledged/s, stored/s
/// (from /api/v1/system/stats over the measured window) and loss = acknowledged - stored (must be 0).
/// </summary>
internal static class DeviceIngestMqtt
{
    public const string Name = "device-ingest-mqtt";
    private static readonly byte[] Topic = "devices/telemetry"u8.ToArray();

    public static async Task<ScenarioResult> RunAsync(BenchOptions o, CancellationToken ct)
    {
        int devices = o.Int("devices", o.Quick ? 200 : 1_000);
        int window = Math.Clamp(o.Int("window", 16), 1, 1024);
        double warmup = o.Double("warmup", o.Quick ? 1 : 2), duration = o.Duration(15, 3);
        long maxMessages = o.Long("max-messages", 50_000_000);
        using var api = new NovaApi(new Uri(o.String("http", "http://127.0.0.1:8080")));
        await api.SignInAsync(o.String("data-path", "./data"), ct).ConfigureAwait(false);
        var credentials = await api.ImportDevicesAsync(o.String("prefix", "mq"), devices, o.Int("import-chunk", 5_000), ct).ConfigureAwait(false);

        double loadAverage = ProcessCpuProbe.LoadAverage();
        var rssStart = ProcessMemoryProbe.Read(o.BrokerPid);
        var clients = new MqttBenchClient[devices];
        int next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(32, devices)).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < devices;)
            {
                var settings = new ClientSettings(o.BrokerEndPoint, 60, 16 * 1024, 0, credentials[i].Id, credentials[i].Key);
                clients[i] = await MqttBenchClient.ConnectAsync(settings, credentials[i].Id, ConnectionFactory.SourceAddress(i, 10_000), ct).ConfigureAwait(false);
            }
        }, ct))).ConfigureAwait(false);

        var stats0 = await api.StatsAsync(ct).ConfigureAwait(false);
        var devicesState = clients.Select(_ => new DeviceWindow(window)).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receive = clients.Select((c, i) => c.RunReceiveLoopAsync(devicesState[i], stop.Token)).ToArray();
        var state = new IngestRun(maxMessages);
        var cpuStart = ProcessCpuProbe.Read(o.BrokerPid);
        var senders = clients.Select((c, i) => SendLoopAsync(c, devicesState[i], state, stop.Token)).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(warmup), ct).ConfigureAwait(false);
        var atWarm = await api.StatsAsync(ct).ConfigureAwait(false);
        long ackedAtWarm = devicesState.Sum(d => d.Acked);
        foreach (var d in devicesState) d.Measure = true;
        var sw = Stopwatch.StartNew();
        double cpu0 = ProcessCpuProbe.Read(o.BrokerPid), self0 = ProcessCpuProbe.Self();
        await Task.Delay(TimeSpan.FromSeconds(duration), ct).ConfigureAwait(false);
        var atEnd = await api.StatsAsync(ct).ConfigureAwait(false);
        long ackedAtEnd = devicesState.Sum(d => d.Acked);
        double measured = sw.Elapsed.TotalSeconds;
        double cpu1 = ProcessCpuProbe.Read(o.BrokerPid), self1 = ProcessCpuProbe.Self();
        var rssEnd = ProcessMemoryProbe.Read(o.BrokerPid);
        state.Stop();

        // Drain: every PUBLISH sent gets its PUBACK (bounded).
        await Task.WhenAny(Task.WhenAll(senders), Task.Delay(5_000, ct)).ConfigureAwait(false);
        var drainUntil = DateTime.UtcNow.AddSeconds(o.Double("drain", 15));
        while (devicesState.Any(d => d.InFlight > 0) && DateTime.UtcNow < drainUntil) await Task.Delay(50, ct).ConfigureAwait(false);
        long sent = devicesState.Sum(d => d.Sent), acked = devicesState.Sum(d => d.Acked);
        var final = await api.WaitStoredAsync(stats0.MessagesStored + acked, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        long stored = final.MessagesStored - stats0.MessagesStored;
        int lostConnections = clients.Count(c => c.Failure is not null);
        await stop.CancelAsync().ConfigureAwait(false);
        await ConnectionFactory.DisconnectAllAsync(clients).ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(receive), Task.Delay(3000, CancellationToken.None)).ConfigureAwait(false);

        var latency = new LatencyHistogram();
        foreach (var d in devicesState) latency.Add(d.Latency);
        long lost = Math.Max(0, acked - stored);
        long unacked = sent - acked;
        var notes = new List<string> { $"window {window} per device, 4 values per message" };
        if (unacked > 0) notes.Add($"{unacked} PUBLISH without PUBACK");
        if (lostConnections > 0) notes.Add($"{lostConnections} connections dropped: {clients.First(c => c.Failure is not null).Failure}");
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

    private static async Task SendLoopAsync(MqttBenchClient client, DeviceWindow d, IngestRun state, CancellationToken ct)
    {
        var buffer = new byte[d.Window * (DeviceWindow.PayloadLength + 32)];
        try
        {
            while (!ct.IsCancellationRequested && state.Sending)
            {
                int units = await d.Credits.TakeAsync(Math.Max(1, d.Window / 2), 1, ct).ConfigureAwait(false);
                units = state.Reserve(units, d.Credits);
                if (units == 0) return;
                int length = 0;
                long now = Stopwatch.GetTimestamp();
                for (int u = 0; u < units; u++)
                {
                    ushort id = d.NextPacketId();
                    d.SentAt[id & DeviceWindow.Mask] = now;
                    length += WritePublish(buffer.AsSpan(length), id, d.Sent);
                    d.Sent++;
                }
                Interlocked.Add(ref d.InFlightCount, units);
                await client.SendAsync(buffer.AsMemory(0, length), ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
        }
    }

    private static int WritePublish(Span<byte> destination, ushort packetId, long sequence)
    {
        int offset = MqttClientEncoder.WritePublishHeader(destination, Topic, 1, packetId, DeviceWindow.PayloadLength);
        DeviceWindow.WritePayload(destination.Slice(offset, DeviceWindow.PayloadLength), sequence);
        return offset + DeviceWindow.PayloadLength;
    }

    /// <summary>One device's window: credits, send timestamps by packet id, PUBACK counting (on its receive loop).</summary>
    private sealed class DeviceWindow(int window) : IMqttPacketHandler
    {
        public const int Mask = 1023;
        // {"temperature":21.5,"humidity":40.25,"pressure":1013.2,"counter":1000000000}: fixed length, 4 values.
        private static readonly byte[] Template = Encoding.ASCII.GetBytes("{\"temperature\":21.5,\"humidity\":40.25,\"pressure\":1013.2,\"counter\":1000000000}");
        public static int PayloadLength => Template.Length;
        public readonly int Window = window;
        public readonly InFlightBudget Credits = new(window);
        public readonly long[] SentAt = new long[Mask + 1];
        public readonly LatencyHistogram Latency = new();
        public long Sent;
        public long Acked;
        public int InFlightCount;
        public volatile bool Measure;
        private ushort _packetId;
        private int _released;

        public int InFlight => Volatile.Read(ref InFlightCount);

        public ushort NextPacketId()
        {
            _packetId = _packetId == ushort.MaxValue ? (ushort)1 : (ushort)(_packetId + 1);
            return _packetId;
        }

        public static void WritePayload(Span<byte> destination, long sequence)
        {
            Template.CopyTo(destination);
            var digits = destination.Slice(destination.Length - 11, 10);
            // A JSON number has no leading zeros: 1000000000 + sequence keeps the length fixed.
            long value = 1_000_000_000 + sequence % 1_000_000_000;
            for (int i = 9; i >= 0; i--, value /= 10) digits[i] = (byte)('0' + value % 10);
        }

        public int OnPacket(MqttFrame frame, ReadOnlySpan<byte> body, Span<byte> replies)
        {
            if (frame.PacketType != MqttClientDecoder.PubAck) return 0;
            ushort id = BinaryPrimitives.ReadUInt16BigEndian(body);
            if (Measure) Latency.Record((long)Stopwatch.GetElapsedTime(SentAt[id & Mask]).TotalNanoseconds);
            Volatile.Write(ref Acked, Acked + 1);
            Interlocked.Decrement(ref InFlightCount);
            _released++;
            return 0;
        }

        public void OnChunkParsed()
        {
            if (_released > 0) { Credits.Release(_released); _released = 0; }
        }
    }
}
