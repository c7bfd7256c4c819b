using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// The shape shared by PUBACK, PUBREC, PUBREL, PUBCOMP and UNSUBACK in 3.1.x: a fixed header and a packet identifier.
/// (MQTT 5 appends a reason code and properties; that branch belongs here, keyed on the version.)
/// </summary>
internal static class MqttPacketIdentifierCodec
{
    private const int RemainingLength = 2;

    public static ushort Read(in MqttFrame frame, MqttPacketType type)
    {
        frame.EnsureType(type);
        var reader = new SequenceReader<byte>(frame.Body);

        // The identifier echoes one the sender chose, which was non-zero (MQTT 3.1.1 §2.3.1).
        var id = MqttBodyReader.ReadPacketIdentifier(ref reader, type);
        MqttBodyReader.EnsureEnd(ref reader, type);
        return id;
    }

    public static void Write(IBufferWriter<byte> writer, MqttPacketType type, ushort packetIdentifier)
    {
        if (packetIdentifier == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(packetIdentifier), "Packet identifiers are non-zero (MQTT 3.1.1 §2.3.1).");
        }

        // MQTT 3.1.1 §2.2.2: PUBREL carries the fixed flags 0010, the others 0000.
        var flags = type == MqttPacketType.PubRel ? 0b0010 : 0;
        var span = writer.GetSpan(2 + RemainingLength);
        var w = new MqttSpanWriter(span);
        w.WriteFixedHeader(type, flags, RemainingLength);
        w.WriteUInt16(packetIdentifier);
        writer.Advance(w.Written);
    }
}
