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

    /// <summary>
    /// MQTT 5.0 §3.4.2-§3.7.2 (and 3.1.x through the same call): identifier, then a reason code and properties that
    /// may be left out (remaining length 2 means Success, 3 means no properties).
    /// </summary>
    public static ushort Read(
        in MqttFrame frame, MqttPacketType type, MqttProtocolVersion version, out MqttReasonCode reason, out MqttProperties? properties)
    {
        reason = MqttReasonCode.Success;
        properties = null;
        if (version != MqttProtocolVersion.V500)
        {
            return Read(frame, type);
        }

        frame.EnsureType(type);
        var reader = new SequenceReader<byte>(frame.Body);
        var id = MqttBodyReader.ReadPacketIdentifier(ref reader, type);
        if (!reader.End)
        {
            reason = (MqttReasonCode)MqttBodyReader.ReadByte(ref reader, $"{type} reason code");
            if (!reader.End)
            {
                properties = MqttPropertiesReader.Read(ref reader, MqttPropertyTable.ContextOf(type));
            }
        }

        MqttBodyReader.EnsureEnd(ref reader, type);
        return id;
    }

    /// <summary>
    /// MQTT 5.0 form: Success without properties is the short 3.1.1 form (§3.4.2.1 allows omitting both), a reason
    /// without properties omits the property length.
    /// </summary>
    public static void Write(
        IBufferWriter<byte> writer, MqttPacketType type, ushort packetIdentifier, MqttProtocolVersion version, MqttReasonCode reason, MqttProperties? properties)
    {
        if (version != MqttProtocolVersion.V500 || (reason == MqttReasonCode.Success && properties is null))
        {
            Write(writer, type, packetIdentifier);
            return;
        }

        if (packetIdentifier == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(packetIdentifier), "Packet identifiers are non-zero (MQTT 5.0 §2.2.1).");
        }

        var remainingLength = 3 + (properties is null ? 0 : MqttPropertiesWriter.SizeOf(properties));
        var size = MqttSpanWriter.SizeOfFixedHeader(remainingLength) + remainingLength;
        var w = new MqttSpanWriter(writer.GetSpan(size));
        w.WriteFixedHeader(type, type == MqttPacketType.PubRel ? 0b0010 : 0, remainingLength);
        w.WriteUInt16(packetIdentifier);
        w.WriteByte((byte)reason);
        if (properties is not null)
        {
            MqttPropertiesWriter.Write(ref w, properties);
        }

        writer.Advance(w.Written);
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
