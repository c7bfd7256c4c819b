using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>PUBACK: QoS 1 acknowledgement (MQTT 3.1.1 §3.4).</summary>
internal readonly record struct MqttPubAckPacket(ushort PacketIdentifier)
{
    public static MqttPubAckPacket Read(in MqttFrame frame, MqttProtocolVersion version) =>
        new(MqttPacketIdentifierCodec.Read(frame, MqttPacketType.PubAck));

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttPacketIdentifierCodec.Write(writer, MqttPacketType.PubAck, PacketIdentifier);
}
