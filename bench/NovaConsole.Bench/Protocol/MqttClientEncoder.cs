using System.Buffers.Binary;
using System.Text;

namespace NovaConsole.Bench.Protocol;

/// <summary>
/// The client half of MQTT 3.1.1, written straight into caller-owned spans: no allocation per packet.
/// Every method returns the number of bytes written and throws if the span is too small
/// (callers size their buffers once, from <see cref="MaxPublishSize"/>).
/// </summary>
internal static class MqttClientEncoder
{
    public const byte PingReqByte0 = 0xC0;
    public static ReadOnlySpan<byte> PingReq => [0xC0, 0x00];
    public static ReadOnlySpan<byte> Disconnect => [0xE0, 0x00];

    /// <summary>Upper bound of an encoded PUBLISH: fixed header (5) + topic length (2) + topic + packet id (2) + payload.</summary>
    public static int MaxPublishSize(int topicLength, int payloadLength) => 5 + 2 + topicLength + 2 + payloadLength;

    // MQTT 3.1.1 §3.1 CONNECT: protocol name "MQTT", level 4, flags, keep-alive, client id, [username, password].
    public static int WriteConnect(Span<byte> destination, string clientId, ushort keepAliveSeconds,
        bool cleanSession = true, string? userName = null, string? password = null)
    {
        int idLength = Encoding.UTF8.GetByteCount(clientId);
        int userLength = userName is null ? 0 : 2 + Encoding.UTF8.GetByteCount(userName);
        int passwordLength = password is null ? 0 : 2 + Encoding.UTF8.GetByteCount(password);
        int remaining = 10 + 2 + idLength + userLength + passwordLength;

        int offset = WriteFixedHeader(destination, 0x10, remaining);
        Span<byte> body = destination[offset..];
        ReadOnlySpan<byte> header = [0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04];
        header.CopyTo(body);
        // §3.1.2.3 Connect Flags: bit 7 user name, bit 6 password, bit 1 clean session.
        byte flags = (byte)((cleanSession ? 0x02 : 0) | (userName is null ? 0 : 0x80) | (password is null ? 0 : 0x40));
        body[7] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(body[8..], keepAliveSeconds); // §3.1.2.10 Keep Alive
        int position = 10;
        position += WriteString(body[position..], clientId);
        if (userName is not null) position += WriteString(body[position..], userName);
        if (password is not null) position += WriteString(body[position..], password);
        return offset + position;
    }

    /// <summary>
    /// MQTT 3.1.1 §3.3 PUBLISH header for a payload the caller writes afterwards at the returned offset,
    /// so the payload (timestamp, ids) is built in place.
    /// </summary>
    public static int WritePublishHeader(Span<byte> destination, ReadOnlySpan<byte> topicUtf8, int qos,
        ushort packetId, int payloadLength)
    {
        int remaining = 2 + topicUtf8.Length + (qos > 0 ? 2 : 0) + payloadLength;
        // §3.3.1.2 QoS in bits 2-1; DUP and RETAIN stay 0.
        int offset = WriteFixedHeader(destination, (byte)(0x30 | (qos << 1)), remaining);
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)topicUtf8.Length);
        offset += 2;
        topicUtf8.CopyTo(destination[offset..]);
        offset += topicUtf8.Length;
        if (qos > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], packetId); // §3.3.2.2
            offset += 2;
        }
        return offset;
    }

    // MQTT 3.1.1 §3.4 PUBACK: fixed header 0x40, remaining length 2, packet id.
    public static int WritePubAck(Span<byte> destination, ushort packetId)
    {
        destination[0] = 0x40;
        destination[1] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], packetId);
        return 4;
    }

    // MQTT 3.1.1 §3.8 SUBSCRIBE: fixed header 0x82 (reserved flags 0010), packet id, one filter + requested QoS.
    public static int WriteSubscribe(Span<byte> destination, ushort packetId, string topicFilter, int qos)
    {
        int filterLength = Encoding.UTF8.GetByteCount(topicFilter);
        int offset = WriteFixedHeader(destination, 0x82, 2 + 2 + filterLength + 1);
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], packetId);
        offset += 2;
        offset += WriteString(destination[offset..], topicFilter);
        destination[offset++] = (byte)qos;
        return offset;
    }

    // MQTT 3.1.1 §2.2.3 Remaining Length: variable-byte integer, at most 4 bytes.
    private static int WriteFixedHeader(Span<byte> destination, byte firstByte, int remainingLength)
    {
        if ((uint)remainingLength > 268_435_455) throw new ArgumentOutOfRangeException(nameof(remainingLength));
        destination[0] = firstByte;
        int offset = 1;
        do
        {
            byte digit = (byte)(remainingLength & 0x7F);
            remainingLength >>= 7;
            if (remainingLength > 0) digit |= 0x80;
            destination[offset++] = digit;
        }
        while (remainingLength > 0);
        return offset;
    }

    // MQTT 3.1.1 §1.5.3 UTF-8 string: two-byte big-endian length, then the bytes.
    private static int WriteString(Span<byte> destination, string value)
    {
        int length = Encoding.UTF8.GetBytes(value, destination[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)length);
        return 2 + length;
    }
}
