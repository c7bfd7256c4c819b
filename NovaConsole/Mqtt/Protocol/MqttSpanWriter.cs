using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// Writes fields into a span obtained from <see cref="IBufferWriter{T}.GetSpan"/> whose size was computed up front,
/// so no intermediate arrays are needed. Sizes come from the static <c>Size*</c> helpers, which also validate.
/// </summary>
internal ref struct MqttSpanWriter
{
    private readonly Span<byte> _span;
    private int _position;

    public MqttSpanWriter(Span<byte> span)
    {
        _span = span;
        _position = 0;
    }

    public readonly int Written => _position;

    /// <summary>Writes the fixed header (MQTT 3.1.1 §2.2): type and flags, then the remaining length.</summary>
    public void WriteFixedHeader(MqttPacketType type, int flags, int remainingLength)
    {
        WriteByte((byte)(((int)type << 4) | flags));
        _position += MqttVariableByteInteger.Write(_span[_position..], remainingLength);
    }

    public void WriteByte(byte value) => _span[_position++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_span[_position..], value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_span[_position..], value);
        _position += 4;
    }

    /// <summary>MQTT 5.0 §1.5.5 variable byte integer (property lengths, subscription identifiers).</summary>
    public void WriteVariableByteInteger(int value) => _position += MqttVariableByteInteger.Write(_span[_position..], value);

    /// <summary>Length-prefixed UTF-8 (§1.5.3); size it with <see cref="SizeOfString"/> first.</summary>
    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetBytes(value, _span[(_position + 2)..]);
        WriteUInt16((ushort)length);
        _position += length;
    }

    /// <summary>Length-prefixed bytes (§1.5.3 for strings already encoded, or binary data such as a password).</summary>
    public void WriteLengthPrefixed(ReadOnlySpan<byte> value)
    {
        WriteUInt16((ushort)value.Length);
        WriteBytes(value);
    }

    public void WriteLengthPrefixed(in ReadOnlySequence<byte> value)
    {
        WriteUInt16((ushort)value.Length);
        value.CopyTo(_span[_position..]);
        _position += (int)value.Length;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_span[_position..]);
        _position += value.Length;
    }

    /// <summary>Bytes a length-prefixed UTF-8 string needs; refuses strings MQTT cannot carry.</summary>
    public static int SizeOfString(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (value.Contains('\0'))
        {
            // MQTT 3.1.1 §1.5.3 [MQTT-1.5.3-2]
            throw new ArgumentException("MQTT strings cannot contain U+0000.", paramName);
        }

        return SizeOfLengthPrefixed(Encoding.UTF8.GetByteCount(value), paramName);
    }

    public static int SizeOfLengthPrefixed(long length, string paramName)
    {
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException("MQTT strings and binary fields hold at most 65,535 bytes (MQTT 3.1.1 §1.5.3).", paramName);
        }

        return 2 + (int)length;
    }

    /// <summary>Fixed header size for a remaining length; refuses bodies beyond the variable byte integer range.</summary>
    public static int SizeOfFixedHeader(long remainingLength)
    {
        if (remainingLength > MqttVariableByteInteger.MaxValue)
        {
            throw new ArgumentException("Packet body exceeds 268,435,455 bytes (MQTT 3.1.1 §2.2.3).", nameof(remainingLength));
        }

        return 1 + MqttVariableByteInteger.GetSize((int)remainingLength);
    }
}
