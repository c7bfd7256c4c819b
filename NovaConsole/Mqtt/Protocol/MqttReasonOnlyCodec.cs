using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// MQTT 5.0 DISCONNECT (§3.14.2) and AUTH (§3.15.2): a reason code and properties, both optional. Remaining
/// length 0 means Success without properties; 1 means a reason code without properties.
/// </summary>
internal static class MqttReasonOnlyCodec
{
    public static (MqttReasonCode Reason, MqttProperties? Properties) Read(in MqttFrame frame, MqttPacketType type)
    {
        frame.EnsureType(type);
        var reader = new SequenceReader<byte>(frame.Body);
        var reason = MqttReasonCode.Success;
        MqttProperties? properties = null;
        if (!reader.End)
        {
            reason = (MqttReasonCode)MqttBodyReader.ReadByte(ref reader, $"{type} reason code");
            if (!reader.End)
            {
                properties = MqttPropertiesReader.Read(ref reader, MqttPropertyTable.ContextOf(type));
            }
        }

        MqttBodyReader.EnsureEnd(ref reader, type);
        return (reason, properties);
    }

    public static void Write(IBufferWriter<byte> writer, MqttPacketType type, MqttReasonCode reason, MqttProperties? properties)
    {
        var remainingLength = reason == MqttReasonCode.Success && properties is null ? 0
            : properties is null ? 1
            : 1 + MqttPropertiesWriter.SizeOf(properties);
        var size = MqttSpanWriter.SizeOfFixedHeader(remainingLength) + remainingLength;
        var w = new MqttSpanWriter(writer.GetSpan(size));
        w.WriteFixedHeader(type, 0, remainingLength);
        if (remainingLength > 0)
        {
            w.WriteByte((byte)reason);
            if (properties is not null)
            {
                MqttPropertiesWriter.Write(ref w, properties);
            }
        }

        writer.Advance(w.Written);
    }
}
