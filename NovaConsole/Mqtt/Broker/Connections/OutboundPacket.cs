using System.Buffers;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Connections;

/// <summary>
/// A packet the connection answers with (CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, PINGRESP).
/// A struct so acknowledging allocates nothing.
/// </summary>
internal readonly record struct OutboundPacket(
    MqttPacketType Type,
    ushort PacketIdentifier = 0,
    MqttSubAckPacket? SubAck = null,
    bool SessionPresent = false,
    MqttConnectReturnCode ReturnCode = MqttConnectReturnCode.Accepted)
{
    public static OutboundPacket ConnAck(bool sessionPresent, MqttConnectReturnCode code) =>
        new(MqttPacketType.ConnAck, SessionPresent: sessionPresent, ReturnCode: code);

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version)
    {
        switch (Type)
        {
            case MqttPacketType.ConnAck:
                MqttPacketWriter.WriteConnAck(writer, SessionPresent, ReturnCode, version);
                break;
            case MqttPacketType.SubAck:
                SubAck!.WriteTo(writer, version);
                break;
            case MqttPacketType.PingResp:
                MqttPacketWriter.WritePingResp(writer);
                break;
            case MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp or MqttPacketType.UnsubAck:
                MqttPacketIdentifierCodec.Write(writer, Type, PacketIdentifier);
                break;
            default:
                throw new InvalidOperationException($"The broker does not send {Type} packets.");
        }
    }
}
