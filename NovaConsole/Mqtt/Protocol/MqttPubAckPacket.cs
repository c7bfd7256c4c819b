using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>PUBACK: QoS 1 acknowledgement (MQTT 3.1.1 §3.4; MQTT 5.0 §3.4 adds a reason code and properties).</summary>
internal readonly record struct MqttPubAckPacket(ushort PacketIdentifier)
{
    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }

    public static MqttPubAckPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        var id = MqttPacketIdentifierCodec.Read(frame, MqttPacketType.PubAck, version, out var reason, out var properties);
        return new(id) { ReasonCode = reason, Properties = properties };
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttPacketIdentifierCodec.Write(writer, MqttPacketType.PubAck, PacketIdentifier, version, ReasonCode, Properties);
}
