using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>The 1-4 byte little-endian base-128 integer used for the remaining length (MQTT 3.1.1 §2.2.3).</summary>
internal static class MqttVariableByteInteger
{
    public const int MaxValue = 268_435_455;
    public const int MaxSize = 4;

    /// <summary>
    /// Reads one value. Returns false when the input ends before the last byte (the caller rewinds);
    /// throws when a fourth byte still has the continuation bit, without waiting for a fifth.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out int value)
    {
        value = 0;
        for (var i = 0; i < MaxSize; i++)
        {
            if (!reader.TryRead(out var b))
            {
                value = 0;
                return false;
            }

            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        // MQTT 3.1.1 §2.2.3: at most four bytes.
        throw MqttProtocolException.Malformed("Remaining length uses more than four bytes (MQTT 3.1.1 §2.2.3).");
    }

    public static int GetSize(int value)
    {
        if ((uint)value > MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A variable byte integer holds at most 268,435,455.");
        }

        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    /// <summary>Writes the minimal encoding and returns the number of bytes written.</summary>
    public static int Write(Span<byte> destination, int value)
    {
        var size = GetSize(value);
        for (var i = 0; i < size - 1; i++)
        {
            destination[i] = (byte)((value & 0x7F) | 0x80);
            value >>= 7;
        }

        destination[size - 1] = (byte)value;
        return size;
    }
}
