using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// Field readers for the variable header and payload. The frame is already complete, so running out of
/// bytes here means the remaining length disagrees with the content: malformed, never "need more data".
/// </summary>
internal static class MqttBodyReader
{
    public static byte ReadByte(ref SequenceReader<byte> reader, string field)
    {
        if (!reader.TryRead(out var value))
        {
            throw Truncated(field);
        }

        return value;
    }

    // MQTT 3.1.1 §1.5.2: big-endian.
    public static ushort ReadUInt16(ref SequenceReader<byte> reader, string field)
    {
        if (!reader.TryReadBigEndian(out short value))
        {
            throw Truncated(field);
        }

        return (ushort)value;
    }

    public static uint ReadUInt32(ref SequenceReader<byte> reader, string field)
    {
        if (!reader.TryReadBigEndian(out int value))
        {
            throw Truncated(field);
        }

        return (uint)value;
    }

    /// <summary>MQTT 5.0 §1.5.5: inside a complete frame, a variable byte integer that ends early is malformed.</summary>
    public static int ReadVariableByteInteger(ref SequenceReader<byte> reader, string field)
    {
        if (!MqttVariableByteInteger.TryRead(ref reader, out var value))
        {
            throw Truncated(field);
        }

        return value;
    }

    /// <summary>MQTT 3.1.1 §2.3.1: packet identifiers are non-zero [MQTT-2.3.1-1].</summary>
    public static ushort ReadPacketIdentifier(ref SequenceReader<byte> reader, MqttPacketType type)
    {
        var id = ReadUInt16(ref reader, "packet identifier");
        if (id == 0)
        {
            throw MqttProtocolException.Malformed($"{type} with packet identifier 0 (MQTT 3.1.1 §2.3.1).");
        }

        return id;
    }

    /// <summary>A two-byte length and that many bytes, sliced from the input (MQTT 3.1.1 §1.5.3).</summary>
    public static ReadOnlySequence<byte> ReadLengthPrefixed(ref SequenceReader<byte> reader, string field)
    {
        var length = ReadUInt16(ref reader, field);
        if (reader.Remaining < length)
        {
            throw Truncated(field);
        }

        var slice = reader.Sequence.Slice(reader.Position, length);
        reader.Advance(length);
        return slice;
    }

    public static ReadOnlySequence<byte> ReadUtf8(ref SequenceReader<byte> reader, string field)
    {
        var utf8 = ReadLengthPrefixed(ref reader, field);
        MqttUtf8.Validate(utf8, field);
        return utf8;
    }

    public static string ReadString(ref SequenceReader<byte> reader, string field) =>
        MqttUtf8.Decode(ReadUtf8(ref reader, field));

    /// <summary>Trailing bytes mean the remaining length disagrees with the content.</summary>
    public static void EnsureEnd(ref SequenceReader<byte> reader, MqttPacketType type)
    {
        if (!reader.End)
        {
            throw MqttProtocolException.Malformed(
                $"{type} has {reader.Remaining} bytes beyond its content; the remaining length is wrong (MQTT 3.1.1 §2.2.3).");
        }
    }

    private static MqttProtocolException Truncated(string field) =>
        MqttProtocolException.Malformed($"Packet ends inside {field}; the remaining length is too short (MQTT 3.1.1 §2.2.3).");
}
