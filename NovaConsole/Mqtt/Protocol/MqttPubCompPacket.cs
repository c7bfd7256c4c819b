using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>PUBCOMP: QoS 2 delivery part 3, publish complete (MQTT 3.1.1 §3.7; MQTT 5.0 §3.7 adds a reason code and properties).</summary>
internal readonly record struct MqttPubCompPacket(ushort PacketIdentifier)
{
    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }

    public static MqttPubCompPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        var id = MqttPacketIdentifierCodec.Read(frame, MqttPacketType.PubComp, version, out var reason, out var properties);
        return new(id) { ReasonCode = reason, Properties = properties };
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttPacketIdentifierCodec.Write(writer, MqttPacketType.PubComp, PacketIdentifier, version, ReasonCode, Properties);
}
