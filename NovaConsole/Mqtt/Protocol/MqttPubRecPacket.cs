using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>PUBREC: QoS 2 delivery part 1, publish received (MQTT 3.1.1 §3.5; MQTT 5.0 §3.5 adds a reason code and properties).</summary>
internal readonly record struct MqttPubRecPacket(ushort PacketIdentifier)
{
    public MqttReasonCode ReasonCode { get; init; }

    public MqttProperties? Properties { get; init; }

    public static MqttPubRecPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        var id = MqttPacketIdentifierCodec.Read(frame, MqttPacketType.PubRec, version, out var reason, out var properties);
        return new(id) { ReasonCode = reason, Properties = properties };
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttPacketIdentifierCodec.Write(writer, MqttPacketType.PubRec, PacketIdentifier, version, ReasonCode, Properties);
}
