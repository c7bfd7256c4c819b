using System.Diagnostics;
using NovaConsole.Bench.Client;
using NovaConsole.Bench.Metrics;
using NovaConsole.Bench.Protocol;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// A subscriber's receive side: counts deliveries, checks per-publisher sequence numbers (duplicates, gaps,
/// reordering), records one-way latency for messages sent after the warm-up, PUBACKs QoS 1 deliveries,
/// and returns delivery credits to each publisher's budget once per received chunk.
/// </summary>
internal sealed class SubscriberHandler(InFlightBudget[] budgets) : IMqttPacketHandler
{
    private readonly int[] _nextSequence = new int[budgets.Length];
    private readonly int[] _pendingCredits = new int[budgets.Length];
    private readonly List<int> _touched = [];
    private long _delivered, _publishedDelivered, _lastDeliveryTimestamp;

    public LatencyHistogram Histogram { get; } = new();

    /// <summary>Latency is recorded only for messages stamped at or after this timestamp (end of warm-up).</summary>
    public long MeasureFromTimestamp { get; set; } = long.MaxValue;

    public long Delivered => Volatile.Read(ref _publishedDelivered);
    public long LastDeliveryTimestamp => Volatile.Read(ref _lastDeliveryTimestamp);
    public long Duplicates { get; private set; }
    public long OutOfOrder { get; private set; }
    public long Foreign { get; private set; }

    public int OnPacket(MqttFrame frame, ReadOnlySpan<byte> body, Span<byte> replies)
    {
        if (frame.PacketType != MqttClientDecoder.Publish) return 0; // PINGRESP and the like
        MqttClientDecoder.ReadPublish(frame.Header, body, out int qos, out ushort packetId, out _, out var payload);
        long now = Stopwatch.GetTimestamp();
        if (!BenchPayload.TryRead(payload, out long sentAt, out int publisher, out int sequence) || (uint)publisher >= (uint)_nextSequence.Length)
        {
            Foreign++;
        }
        else
        {
            if (sentAt >= MeasureFromTimestamp) Histogram.Record((now - sentAt) * 1_000_000_000L / Stopwatch.Frequency);
            int expected = _nextSequence[publisher];
            if (sequence == expected) _nextSequence[publisher] = expected + 1;
            else if (sequence < expected) Duplicates++;
            else
            {
                OutOfOrder++;
                _nextSequence[publisher] = sequence + 1;
            }
            _delivered++;
            if (_pendingCredits[publisher]++ == 0) _touched.Add(publisher);
            _lastDeliveryTimestamp = now;
        }
        // MQTT 3.1.1 §4.3.2: a QoS 1 PUBLISH is acknowledged with PUBACK.
        return qos > 0 ? MqttClientEncoder.WritePubAck(replies, packetId) : 0;
    }

    public void OnChunkParsed()
    {
        Volatile.Write(ref _publishedDelivered, _delivered);
        foreach (int publisher in _touched)
        {
            budgets[publisher].Release(_pendingCredits[publisher]);
            _pendingCredits[publisher] = 0;
        }
        _touched.Clear();
    }
}
