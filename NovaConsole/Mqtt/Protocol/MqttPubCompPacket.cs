using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>PUBCOMP: QoS 2 delivery part 3, publish complete (MQTT 3.1.1 §3.7).</summary>
internal readonly record struct MqttPubCompPacket(ushort PacketIdentifier)
{
    public static MqttPubCompPacket Read(in MqttFrame frame, MqttProtocolVersion version) =>
        new(MqttPacketIdentifierCodec.Read(frame, MqttPacketType.PubComp));

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttPacketIdentifierCodec.Write(writer, MqttPacketType.PubComp, PacketIdentifier);
}
