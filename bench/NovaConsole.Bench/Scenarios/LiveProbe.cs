using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using NovaConsole.Bench.Client;
using NovaConsole.Bench.Devices;
using NovaConsole.Bench.Protocol;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// The probe device of live-latency: publishes <c>{"temperature":V}</c> on <c>devices/telemetry</c> at QoS 1 and notes,
/// per value, the wall clock just before the write (Unix ms, the clock the browser's <c>Date.now()</c> reads) and the
/// publish-to-PUBACK time (NovaConsole PUBACKs after the commit, so this is queue wait plus commit).
/// </summary>
internal sealed class LiveProbe : IMqttPacketHandler
{
    private static readonly byte[] Topic = "devices/telemetry"u8.ToArray();
    private readonly MqttBenchClient _client;
    private readonly List<Sample> _samples = [];
    private readonly Dictionary<ushort, int> _byPacketId = [];
    private readonly Lock _lock = new();
    private readonly Task _receive;
    private ushort _packetId;

    private LiveProbe(MqttBenchClient client, CancellationToken ct)
    {
        _client = client;
        _receive = client.RunReceiveLoopAsync(this, ct);
    }

    public sealed record Sample(double Value, string Shown, long PublishedAtUnixMs, long PublishedTimestamp)
    {
        public double? AckMs { get; set; }
        public TaskCompletionSource Acked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public IReadOnlyList<Sample> Samples => _samples;

    public string? Failure => _client.Failure;

    public static async Task<LiveProbe> ConnectAsync(BenchOptions o, DeviceCredential device, CancellationToken ct)
    {
        var settings = new ClientSettings(o.BrokerEndPoint, 60, 4 * 1024, 0, device.Id, device.Key);
        var client = await MqttBenchClient.ConnectAsync(settings, device.Id, null, ct).ConfigureAwait(false);
        return new LiveProbe(client, ct);
    }

    /// <summary>How the telemetry card writes a number (TelemetryDisplay.Number for 1e-4 &lt;= |v| &lt; 1e9).</summary>
    public static string Format(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>Publishes one value and returns its sample (its <c>Acked</c> completes at the PUBACK).</summary>
    public async Task<Sample> PublishAsync(double value, CancellationToken ct)
    {
        byte[] payload = Encoding.ASCII.GetBytes("{\"temperature\":" + value.ToString("R", CultureInfo.InvariantCulture) + "}");
        byte[] packet = new byte[MqttClientEncoder.MaxPublishSize(Topic.Length, payload.Length)];
        ushort id;
        lock (_lock)
        {
            _packetId = _packetId == ushort.MaxValue ? (ushort)1 : (ushort)(_packetId + 1);
            id = _packetId;
        }
        int offset = MqttClientEncoder.WritePublishHeader(packet, Topic, 1, id, payload.Length);
        payload.CopyTo(packet.AsSpan(offset));
        var sample = new Sample(value, Format(value), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Stopwatch.GetTimestamp());
        lock (_lock)
        {
            _byPacketId[id] = _samples.Count;
            _samples.Add(sample);
        }
        await _client.SendAsync(packet.AsMemory(0, offset + payload.Length), ct).ConfigureAwait(false);
        return sample;
    }

    public int OnPacket(MqttFrame frame, ReadOnlySpan<byte> body, Span<byte> replies)
    {
        if (frame.PacketType != MqttClientDecoder.PubAck) return 0;
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(body);
        long now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            if (_byPacketId.Remove(id, out int index))
            {
                _samples[index].AckMs = Stopwatch.GetElapsedTime(_samples[index].PublishedTimestamp, now).TotalMilliseconds;
                _samples[index].Acked.TrySetResult();
            }
        }
        return 0;
    }

    public void OnChunkParsed() { }

    public async Task DisconnectAsync()
    {
        await _client.DisconnectAsync().ConfigureAwait(false);
        await Task.WhenAny(_receive, Task.Delay(3000, CancellationToken.None)).ConfigureAwait(false);
    }
}
