using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>PUBREL: QoS 2 delivery part 2, publish release (MQTT 3.1.1 §3.6; MQTT 5.0 §3.6 adds a reason code and properties).</summary>
internal readonly record struct MqttPubRelPacket(ushort PacketIdentifier)
{
    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }

    public static MqttPubRelPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        var id = MqttPacketIdentifierCodec.Read(frame, MqttPacketType.PubRel, version, out var reason, out var properties);
        return new(id) { ReasonCode = reason, Properties = properties };
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttPacketIdentifierCodec.Write(writer, MqttPacketType.PubRel, PacketIdentifier, version, ReasonCode, Properties);
}
