using System.Buffers.Binary;
using System.Diagnostics;

namespace NovaConsole.Bench.Protocol;

/// <summary>
/// The bench's payload layout: Stopwatch timestamp (8), publisher index (4), sequence number (4), then filler.
/// Publisher and subscriber live in one process, so the timestamp is comparable on receipt (one-way latency).
/// </summary>
internal static class BenchPayload
{
    public const int HeaderSize = 16;

    public static void Write(Span<byte> payload, long timestamp, int publisherIndex, int sequence)
    {
        BinaryPrimitives.WriteInt64LittleEndian(payload, timestamp);
        BinaryPrimitives.WriteInt32LittleEndian(payload[8..], publisherIndex);
        BinaryPrimitives.WriteInt32LittleEndian(payload[12..], sequence);
    }

    /// <summary>Fills the bytes after the header once; publishers then only rewrite the header per message.</summary>
    public static void FillTail(Span<byte> payload)
    {
        for (int i = HeaderSize; i < payload.Length; i++) payload[i] = (byte)('a' + i % 26);
    }

    public static bool TryRead(ReadOnlySpan<byte> payload, out long timestamp, out int publisherIndex, out int sequence)
    {
        if (payload.Length < HeaderSize)
        {
            timestamp = 0; publisherIndex = -1; sequence = -1;
            return false;
        }
        timestamp = BinaryPrimitives.ReadInt64LittleEndian(payload);
        publisherIndex = BinaryPrimitives.ReadInt32LittleEndian(payload[8..]);
        sequence = BinaryPrimitives.ReadInt32LittleEndian(payload[12..]);
        return true;
    }

    public static double TicksToMicroseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}
