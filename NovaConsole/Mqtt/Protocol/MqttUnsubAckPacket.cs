using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// UNSUBACK: Acknowledges an UNSUBSCRIBE (MQTT 3.1.1 §3.11). MQTT 5.0 §3.11 adds properties and one reason code
/// per filter (0x00 success, 0x11 no subscription existed, or an error).
/// </summary>
internal readonly record struct MqttUnsubAckPacket(ushort PacketIdentifier)
{
    /// <summary>MQTT 5 only; one per filter of the UNSUBSCRIBE, in order.</summary>
    public IReadOnlyList<MqttReasonCode>? ReasonCodes { get; init; }

    public MqttProperties? Properties { get; init; }

    public static MqttUnsubAckPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        if (version != MqttProtocolVersion.V500)
        {
            return new(MqttPacketIdentifierCodec.Read(frame, MqttPacketType.UnsubAck));
        }

        frame.EnsureType(MqttPacketType.UnsubAck);
        var reader = new SequenceReader<byte>(frame.Body);
        var id = MqttBodyReader.ReadPacketIdentifier(ref reader, MqttPacketType.UnsubAck);
        var properties = MqttPropertiesReader.Read(ref reader, MqttPropertyContext.UnsubAck);
        var codes = new MqttReasonCode[reader.Remaining];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = (MqttReasonCode)MqttBodyReader.ReadByte(ref reader, "UNSUBACK reason code");
        }

        if (codes.Length == 0)
        {
            // §3.11.3: one reason code per filter, and an UNSUBSCRIBE has at least one.
            throw MqttProtocolException.Protocol("UNSUBACK without reason codes (MQTT 5.0 §3.11.3).");
        }

        return new(id) { ReasonCodes = codes, Properties = properties };
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version)
    {
        if (version != MqttProtocolVersion.V500)
        {
            MqttPacketIdentifierCodec.Write(writer, MqttPacketType.UnsubAck, PacketIdentifier);
            return;
        }

        var codes = ReasonCodes ?? throw new InvalidOperationException("An MQTT 5 UNSUBACK needs a reason code per filter (MQTT 5.0 §3.11.3).");
        var remainingLength = 2 + MqttPropertiesWriter.SizeOf(Properties) + codes.Count;
        var size = MqttSpanWriter.SizeOfFixedHeader(remainingLength) + remainingLength;
        var w = new MqttSpanWriter(writer.GetSpan(size));
        w.WriteFixedHeader(MqttPacketType.UnsubAck, 0, remainingLength);
        w.WriteUInt16(PacketIdentifier);
        MqttPropertiesWriter.Write(ref w, Properties);
        foreach (var code in codes)
        {
            w.WriteByte((byte)code);
        }

        writer.Advance(w.Written);
    }
}
