using System.Diagnostics;
using NovaConsole.Bench.Client;
using NovaConsole.Bench.Devices;
using NovaConsole.Bench.Metrics;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// The load of the MQTT device scenarios: N provisioned devices, each connected with its own id/key, publishing
/// <c>devices/telemetry</c> (4 values) at QoS 1 with at most <c>window</c> un-PUBACKed messages each. Either as fast as
/// the PUBACKs allow (device-ingest-mqtt) or paced to a total rate (<see cref="IngestPacer"/>, <c>--rate</c>).
/// </summary>
internal sealed class MqttDeviceFleet
{
    private readonly MqttBenchClient[] _clients;
    private readonly DeviceWindow[] _windows;
    private readonly CancellationTokenSource _stop;
    private Task[] _receive = [];
    private Task[] _senders = [];

    private MqttDeviceFleet(MqttBenchClient[] clients, int window, CancellationToken ct)
    {
        _clients = clients;
        _windows = clients.Select(_ => new DeviceWindow(window)).ToArray();
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
    }

    public int Devices => _clients.Length;
    public long Sent => _windows.Sum(d => Volatile.Read(ref d.Sent));
    public long Acked => _windows.Sum(d => Volatile.Read(ref d.Acked));
    public bool AnyInFlight => _windows.Any(d => d.InFlight > 0);
    public IngestPacer? Pacer { get; private set; }
    public int LostConnections => _clients.Count(c => c.Failure is not null);
    public string? FirstFailure => _clients.FirstOrDefault(c => c.Failure is not null)?.Failure;

    public static async Task<MqttDeviceFleet> ConnectAsync(BenchOptions o, IReadOnlyList<DeviceCredential> credentials, int window, CancellationToken ct)
    {
        int devices = credentials.Count;
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
        return new MqttDeviceFleet(clients, window, ct);
    }

    /// <summary>Starts the receive loops and the senders: windowed per device, or one pacer when <paramref name="rate"/> &gt; 0.</summary>
    public void Start(IngestRun run, double rate)
    {
        _receive = _clients.Select((c, i) => c.RunReceiveLoopAsync(_windows[i], _stop.Token)).ToArray();
        if (rate > 0)
        {
            Pacer = new IngestPacer(rate);
            _senders = [Pacer.RunAsync(_clients, _windows, run, _stop.Token)];
        }
        else
        {
            _senders = _clients.Select((c, i) => SendLoopAsync(c, _windows[i], run, _stop.Token)).ToArray();
        }
    }

    /// <summary>PUBACK latency is recorded only from here on (after the warm-up).</summary>
    public void StartMeasuring()
    {
        foreach (var d in _windows) d.Measure = true;
    }

    public LatencyHistogram PubAckLatency()
    {
        var latency = new LatencyHistogram();
        foreach (var d in _windows) latency.Add(d.Latency);
        return latency;
    }

    /// <summary>Stops sending and waits (bounded) until every PUBLISH sent has its PUBACK.</summary>
    public async Task StopAndDrainAsync(IngestRun run, TimeSpan drain, CancellationToken ct)
    {
        run.Stop();
        await Task.WhenAny(Task.WhenAll(_senders), Task.Delay(5_000, ct)).ConfigureAwait(false);
        var drainUntil = DateTime.UtcNow + drain;
        while (AnyInFlight && DateTime.UtcNow < drainUntil) await Task.Delay(50, ct).ConfigureAwait(false);
    }

    public async Task DisconnectAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await ConnectionFactory.DisconnectAllAsync(_clients).ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(_receive), Task.Delay(3000, CancellationToken.None)).ConfigureAwait(false);
        _stop.Dispose();
    }

    private static async Task SendLoopAsync(MqttBenchClient client, DeviceWindow d, IngestRun state, CancellationToken ct)
    {
        var buffer = new byte[d.Window * DeviceWindow.MaxPublishLength];
        try
        {
            while (!ct.IsCancellationRequested && state.Sending)
            {
                int units = await d.Credits.TakeAsync(Math.Max(1, d.Window / 2), 1, ct).ConfigureAwait(false);
                units = state.Reserve(units, d.Credits);
                if (units == 0) return;
                int length = 0;
                long now = Stopwatch.GetTimestamp();
                for (int u = 0; u < units; u++) length += d.WriteNextPublish(buffer.AsSpan(length), now);
                Interlocked.Add(ref d.InFlightCount, units);
                await client.SendAsync(buffer.AsMemory(0, length), ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
        }
    }
}
