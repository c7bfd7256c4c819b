using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>PUBREC: QoS 2 delivery part 1, publish received (MQTT 3.1.1 §3.5).</summary>
internal readonly record struct MqttPubRecPacket(ushort PacketIdentifier)
{
    public static MqttPubRecPacket Read(in MqttFrame frame, MqttProtocolVersion version) =>
        new(MqttPacketIdentifierCodec.Read(frame, MqttPacketType.PubRec));

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttPacketIdentifierCodec.Write(writer, MqttPacketType.PubRec, PacketIdentifier);
}
