using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>AUTH (MQTT 5.0 §3.15): enhanced authentication exchange. MQTT 5 only.</summary>
internal readonly record struct MqttAuthPacket(MqttReasonCode ReasonCode = MqttReasonCode.Success)
{
    public MqttProperties? Properties { get; init; }

    public static MqttAuthPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        if (version != MqttProtocolVersion.V500)
        {
            throw MqttProtocolException.Malformed("AUTH exists in MQTT 5.0 only (MQTT 3.1.1 §2.2.1 reserves type 15).");
        }

        var (reason, properties) = MqttReasonOnlyCodec.Read(frame, MqttPacketType.Auth);
        if (reason is not (MqttReasonCode.Success or MqttReasonCode.ContinueAuthentication or MqttReasonCode.ReAuthenticate))
        {
            // MQTT 5.0 §3.15.2.1: only 0x00, 0x18 and 0x19.
            throw MqttProtocolException.Malformed($"AUTH reason code 0x{(byte)reason:X2} is not allowed (MQTT 5.0 §3.15.2.1).");
        }

        return new MqttAuthPacket(reason) { Properties = properties };
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttReasonOnlyCodec.Write(writer, MqttPacketType.Auth, ReasonCode, Properties);
}
