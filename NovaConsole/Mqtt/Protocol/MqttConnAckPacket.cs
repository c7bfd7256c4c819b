using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>CONNACK: the server's answer to CONNECT (MQTT 3.1.1 §3.2; MQTT 5.0 §3.2 with a reason code and properties).</summary>
internal readonly record struct MqttConnAckPacket(bool SessionPresent, MqttConnectReturnCode ReturnCode)
{
    private const int RemainingLength = 2;

    /// <summary>MQTT 5 only: the reason code sent instead of <see cref="ReturnCode"/>; null maps the 3.1.1 code.</summary>
    public MqttReasonCode? ReasonCode { get; init; }

    /// <summary>MQTT 5 only (§3.2.2.3).</summary>
    public MqttProperties? Properties { get; init; }

    public static MqttConnAckPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        frame.EnsureType(MqttPacketType.ConnAck);
        var reader = new SequenceReader<byte>(frame.Body);
        var acknowledgeFlags = MqttBodyReader.ReadByte(ref reader, "CONNACK acknowledge flags");
        var code = MqttBodyReader.ReadByte(ref reader, "CONNACK return code");
        var properties = version == MqttProtocolVersion.V500 ? MqttPropertiesReader.Read(ref reader, MqttPropertyContext.ConnAck) : null;
        MqttBodyReader.EnsureEnd(ref reader, MqttPacketType.ConnAck);

        // MQTT 3.1 has a reserved byte here and no session present flag: ignore it.
        var sessionPresent = false;
        if (version >= MqttProtocolVersion.V311)
        {
            // MQTT 3.1.1 §3.2.2.1, MQTT 5.0 §3.2.2.1: bits 7-1 are reserved and MUST be 0.
            if ((acknowledgeFlags & 0xFE) != 0)
            {
                throw MqttProtocolException.Malformed("CONNACK reserved acknowledge flags are set (MQTT 3.1.1 §3.2.2.1).");
            }

            sessionPresent = (acknowledgeFlags & 1) != 0;
        }

        if (version == MqttProtocolVersion.V500)
        {
            if (sessionPresent && code >= 0x80)
            {
                // MQTT 5.0 §3.2.2.1.1 [MQTT-3.2.2-6]
                throw MqttProtocolException.Protocol("CONNACK refuses the connection but claims a present session (MQTT 5.0 §3.2.2.1.1).");
            }

            return new MqttConnAckPacket(sessionPresent, code == 0 ? MqttConnectReturnCode.Accepted : MqttConnectReturnCode.NotAuthorized)
            {
                ReasonCode = (MqttReasonCode)code,
                Properties = properties,
            };
        }

        if (code > (byte)MqttConnectReturnCode.NotAuthorized)
        {
            // MQTT 3.1.1 §3.2.2.3: 6-255 are reserved.
            throw MqttProtocolException.Malformed($"CONNACK return code {code} is reserved (MQTT 3.1.1 §3.2.2.3).");
        }

        if (sessionPresent && code != 0)
        {
            // MQTT 3.1.1 §3.2.2.2 [MQTT-3.2.2-4]
            throw MqttProtocolException.Protocol("CONNACK refuses the connection but claims a present session (MQTT 3.1.1 §3.2.2.2).");
        }

        return new MqttConnAckPacket(sessionPresent, (MqttConnectReturnCode)code);
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version)
    {
        if (version == MqttProtocolVersion.V500)
        {
            WriteV5(writer);
            return;
        }

        // MQTT 3.1.1 §3.2.2.2 [MQTT-3.2.2-4]: session present is 0 on refusal; MQTT 3.1 has no such flag.
        var sessionPresent = SessionPresent && ReturnCode == MqttConnectReturnCode.Accepted && version >= MqttProtocolVersion.V311;
        var span = writer.GetSpan(2 + RemainingLength);
        var w = new MqttSpanWriter(span);
        w.WriteFixedHeader(MqttPacketType.ConnAck, 0, RemainingLength);
        w.WriteByte(sessionPresent ? (byte)1 : (byte)0);
        w.WriteByte((byte)ReturnCode);
        writer.Advance(w.Written);
    }

    private void WriteV5(IBufferWriter<byte> writer)
    {
        var reason = ReasonCode ?? MqttReasonCodes.FromConnectReturnCode(ReturnCode);

        // MQTT 5.0 §3.2.2.1.1 [MQTT-3.2.2-6]: session present is 0 with a failing reason code.
        var sessionPresent = SessionPresent && reason == MqttReasonCode.Success;
        var remainingLength = 2 + MqttPropertiesWriter.SizeOf(Properties);
        var size = MqttSpanWriter.SizeOfFixedHeader(remainingLength) + remainingLength;
        var w = new MqttSpanWriter(writer.GetSpan(size));
        w.WriteFixedHeader(MqttPacketType.ConnAck, 0, remainingLength);
        w.WriteByte(sessionPresent ? (byte)1 : (byte)0);
        w.WriteByte((byte)reason);
        MqttPropertiesWriter.Write(ref w, Properties);
        writer.Advance(w.Written);
    }
}
