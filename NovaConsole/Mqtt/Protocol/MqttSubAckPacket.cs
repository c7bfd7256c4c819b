using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// SUBACK (MQTT 3.1.1 §3.9): one return code per requested filter, in order. MQTT 5.0 §3.9 adds properties and
/// reason codes beyond 0x80 (0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2).
/// </summary>
internal sealed record MqttSubAckPacket(ushort PacketIdentifier, IReadOnlyList<MqttSubscribeReturnCode> ReturnCodes)
{
    public MqttProperties? Properties { get; init; }

    public static MqttSubAckPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        frame.EnsureType(MqttPacketType.SubAck);
        var reader = new SequenceReader<byte>(frame.Body);
        var id = MqttBodyReader.ReadPacketIdentifier(ref reader, MqttPacketType.SubAck);
        var v5 = version == MqttProtocolVersion.V500;
        var properties = v5 ? MqttPropertiesReader.Read(ref reader, MqttPropertyContext.SubAck) : null;

        var codes = new MqttSubscribeReturnCode[reader.Remaining];
        for (var i = 0; i < codes.Length; i++)
        {
            var code = MqttBodyReader.ReadByte(ref reader, "SUBACK return code");

            // MQTT 3.1.1 §3.9.3 [MQTT-3.9.3-2]: anything but 0x00-0x02 and 0x80 is reserved.
            if (code is > 2 and not 0x80 && !(v5 && code is 0x83 or 0x87 or 0x8F or 0x91 or 0x97 or 0x9E or 0xA1 or 0xA2))
            {
                throw MqttProtocolException.Malformed($"SUBACK return code 0x{code:X2} is reserved (MQTT 3.1.1 §3.9.3).");
            }

            codes[i] = (MqttSubscribeReturnCode)code;
        }

        if (codes.Length == 0)
        {
            // A SUBSCRIBE has at least one filter and SUBACK answers each (MQTT 3.1.1 §3.8.4 [MQTT-3.8.4-5]).
            throw MqttProtocolException.Protocol("SUBACK without return codes (MQTT 3.1.1 §3.9.3).");
        }

        return new MqttSubAckPacket(id, codes) { Properties = properties };
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version)
    {
        if (PacketIdentifier == 0 || ReturnCodes.Count == 0)
        {
            throw new InvalidOperationException("SUBACK needs a non-zero packet identifier and at least one return code (MQTT 3.1.1 §3.9).");
        }

        var v5 = version == MqttProtocolVersion.V500;
        var remainingLength = 2 + ReturnCodes.Count + (v5 ? MqttPropertiesWriter.SizeOf(Properties) : 0);
        var size = MqttSpanWriter.SizeOfFixedHeader(remainingLength) + remainingLength;
        var w = new MqttSpanWriter(writer.GetSpan(size));
        w.WriteFixedHeader(MqttPacketType.SubAck, 0, remainingLength);
        w.WriteUInt16(PacketIdentifier);
        if (v5)
        {
            MqttPropertiesWriter.Write(ref w, Properties);
        }

        foreach (var code in ReturnCodes)
        {
            w.WriteByte((byte)code);
        }

        writer.Advance(w.Written);
    }
}
