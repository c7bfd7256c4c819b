using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>PUBREL: QoS 2 delivery part 2, publish release (MQTT 3.1.1 §3.6).</summary>
internal readonly record struct MqttPubRelPacket(ushort PacketIdentifier)
{
    public static MqttPubRelPacket Read(in MqttFrame frame, MqttProtocolVersion version) =>
        new(MqttPacketIdentifierCodec.Read(frame, MqttPacketType.PubRel));

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttPacketIdentifierCodec.Write(writer, MqttPacketType.PubRel, PacketIdentifier);
}
