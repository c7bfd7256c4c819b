using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>UNSUBACK: Acknowledges an UNSUBSCRIBE (MQTT 3.1.1 §3.11).</summary>
internal readonly record struct MqttUnsubAckPacket(ushort PacketIdentifier)
{
    public static MqttUnsubAckPacket Read(in MqttFrame frame, MqttProtocolVersion version) =>
        new(MqttPacketIdentifierCodec.Read(frame, MqttPacketType.UnsubAck));

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttPacketIdentifierCodec.Write(writer, MqttPacketType.UnsubAck, PacketIdentifier);
}
