using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>SUBACK (MQTT 3.1.1 §3.9): one return code per requested filter, in order.</summary>
internal sealed record MqttSubAckPacket(ushort PacketIdentifier, IReadOnlyList<MqttSubscribeReturnCode> ReturnCodes)
{
    public static MqttSubAckPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        frame.EnsureType(MqttPacketType.SubAck);
        var reader = new SequenceReader<byte>(frame.Body);
        var id = MqttBodyReader.ReadPacketIdentifier(ref reader, MqttPacketType.SubAck);

        var codes = new MqttSubscribeReturnCode[reader.Remaining];
        for (var i = 0; i < codes.Length; i++)
        {
            var code = MqttBodyReader.ReadByte(ref reader, "SUBACK return code");

            // MQTT 3.1.1 §3.9.3 [MQTT-3.9.3-2]: anything but 0x00-0x02 and 0x80 is reserved.
            if (code is > 2 and not 0x80)
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

        return new MqttSubAckPacket(id, codes);
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version)
    {
        if (PacketIdentifier == 0 || ReturnCodes.Count == 0)
        {
            throw new InvalidOperationException("SUBACK needs a non-zero packet identifier and at least one return code (MQTT 3.1.1 §3.9).");
        }

        var remainingLength = 2 + ReturnCodes.Count;
        var size = MqttSpanWriter.SizeOfFixedHeader(remainingLength) + remainingLength;
        var w = new MqttSpanWriter(writer.GetSpan(size));
        w.WriteFixedHeader(MqttPacketType.SubAck, 0, remainingLength);
        w.WriteUInt16(PacketIdentifier);
        foreach (var code in ReturnCodes)
        {
            w.WriteByte((byte)code);
        }

        writer.Advance(w.Written);
    }
}
