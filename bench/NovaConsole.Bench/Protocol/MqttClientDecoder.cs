using System.Buffers.Binary;

namespace NovaConsole.Bench.Protocol;

/// <summary>A protocol violation seen by the load generator: the connection is closed and the scenario fails.</summary>
internal sealed class MqttBenchProtocolException(string message) : Exception(message);

/// <summary>One framed packet inside the receive buffer: the first byte and the body's position.</summary>
internal readonly record struct MqttFrame(byte Header, int BodyOffset, int BodyLength)
{
    public int PacketType => Header >> 4;
    public int TotalLength => BodyOffset + BodyLength;
}

/// <summary>The packets a client receives (CONNACK, PUBLISH, PUBACK, SUBACK, PINGRESP), read from spans in place.</summary>
internal static class MqttClientDecoder
{
    public const int ConnAck = 2, Publish = 3, PubAck = 4, SubAck = 9, PingResp = 13;

    /// <summary>
    /// MQTT 3.1.1 §2.2 fixed header. Returns false (and reads nothing) while the frame is incomplete;
    /// throws on a remaining length over four bytes or over <paramref name="maxPacketSize"/>.
    /// </summary>
    public static bool TryReadFrame(ReadOnlySpan<byte> buffer, int maxPacketSize, out MqttFrame frame)
    {
        frame = default;
        if (buffer.Length < 2) return false;
        int remaining = 0, shift = 0, offset = 1;
        while (true)
        {
            if (offset >= buffer.Length) return false;
            if (offset > 4) throw new MqttBenchProtocolException("remaining length longer than four bytes");
            byte digit = buffer[offset++];
            remaining |= (digit & 0x7F) << shift;
            if ((digit & 0x80) == 0) break;
            shift += 7;
        }
        if (remaining > maxPacketSize) throw new MqttBenchProtocolException($"packet of {remaining} bytes over the cap");
        frame = new MqttFrame(buffer[0], offset, remaining);
        return buffer.Length >= offset + remaining;
    }

    /// <summary>
    /// Remaining length needed to know the size of a frame whose header is in the buffer, or -1 if the header
    /// itself is incomplete. Used to grow the receive buffer for a packet larger than it.
    /// </summary>
    public static int FrameSizeOrUnknown(ReadOnlySpan<byte> buffer, int maxPacketSize)
    {
        if (TryReadFrame(buffer, maxPacketSize, out var frame)) return frame.TotalLength;
        return frame.BodyOffset == 0 ? -1 : frame.TotalLength;
    }

    // MQTT 3.1.1 §3.2 CONNACK: session-present flags, return code (0 accepted).
    public static int ReadConnAckReturnCode(ReadOnlySpan<byte> body)
    {
        if (body.Length != 2) throw new MqttBenchProtocolException("CONNACK body is not two bytes");
        return body[1];
    }

    // MQTT 3.1.1 §3.3 PUBLISH: topic, packet id when QoS > 0, then payload to the end.
    public static void ReadPublish(byte header, ReadOnlySpan<byte> body, out int qos, out ushort packetId,
        out ReadOnlySpan<byte> topic, out ReadOnlySpan<byte> payload)
    {
        qos = (header >> 1) & 0x03;
        if (qos == 3) throw new MqttBenchProtocolException("PUBLISH with QoS 3");
        if (body.Length < 2) throw new MqttBenchProtocolException("PUBLISH too short");
        int topicLength = BinaryPrimitives.ReadUInt16BigEndian(body);
        int offset = 2 + topicLength;
        if (body.Length < offset + (qos > 0 ? 2 : 0)) throw new MqttBenchProtocolException("PUBLISH topic overruns packet");
        topic = body.Slice(2, topicLength);
        packetId = 0;
        if (qos > 0)
        {
            packetId = BinaryPrimitives.ReadUInt16BigEndian(body[offset..]);
            offset += 2;
        }
        payload = body[offset..];
    }

    // MQTT 3.1.1 §3.4 PUBACK and §3.9 SUBACK both start with the packet id.
    public static ushort ReadPacketId(ReadOnlySpan<byte> body)
    {
        if (body.Length < 2) throw new MqttBenchProtocolException("packet id missing");
        return BinaryPrimitives.ReadUInt16BigEndian(body);
    }

    // MQTT 3.1.1 §3.9.3 SUBACK return codes: 0x80 is failure.
    public static bool SubAckGranted(ReadOnlySpan<byte> body) => body.Length >= 3 && body[2] != 0x80;
}
