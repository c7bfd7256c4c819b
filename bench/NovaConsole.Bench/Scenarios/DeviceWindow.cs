using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using NovaConsole.Bench.Client;
using NovaConsole.Bench.Metrics;
using NovaConsole.Bench.Protocol;

namespace NovaConsole.Bench.Scenarios;

/// <summary>One load device's window: credits, send timestamps by packet id, PUBACK counting (on its receive loop).</summary>
internal sealed class DeviceWindow(int window) : IMqttPacketHandler
{
    public const int Mask = 1023;
    // {"temperature":21.5,"humidity":40.25,"pressure":1013.2,"counter":1000000000}: fixed length, 4 values.
    private static readonly byte[] Template = Encoding.ASCII.GetBytes("{\"temperature\":21.5,\"humidity\":40.25,\"pressure\":1013.2,\"counter\":1000000000}");
    private static readonly byte[] Topic = "devices/telemetry"u8.ToArray();
    public static int PayloadLength => Template.Length;
    public static int MaxPublishLength => MqttClientEncoder.MaxPublishSize(Topic.Length, PayloadLength);
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

    /// <summary>Writes the next QoS 1 PUBLISH (ThingsPanel <c>devices/telemetry</c>) and stamps its send time.</summary>
    public int WriteNextPublish(Span<byte> destination, long now)
    {
        _packetId = _packetId == ushort.MaxValue ? (ushort)1 : (ushort)(_packetId + 1);
        SentAt[_packetId & Mask] = now;
        int offset = MqttClientEncoder.WritePublishHeader(destination, Topic, 1, _packetId, PayloadLength);
        WritePayload(destination.Slice(offset, PayloadLength), Sent);
        Sent++;
        return offset + PayloadLength;
    }

    private static void WritePayload(Span<byte> destination, long sequence)
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
