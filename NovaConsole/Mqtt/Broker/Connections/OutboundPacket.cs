using System.Buffers;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Connections;

/// <summary>
/// A packet the connection answers with (CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, PINGRESP, and
/// the MQTT 5 server DISCONNECT). A struct so acknowledging allocates nothing; the MQTT 5 fields stay default on 3.1.x.
/// </summary>
internal readonly record struct OutboundPacket(
    MqttPacketType Type,
    ushort PacketIdentifier = 0,
    MqttSubAckPacket? SubAck = null,
    bool SessionPresent = false,
    MqttConnectReturnCode ReturnCode = MqttConnectReturnCode.Accepted,
    MqttReasonCode Reason = MqttReasonCode.Success,
    MqttProperties? Properties = null,
    IReadOnlyList<MqttReasonCode>? ReasonCodes = null)
{
    public static OutboundPacket ConnAck(bool sessionPresent, MqttConnectReturnCode code) =>
        new(MqttPacketType.ConnAck, SessionPresent: sessionPresent, ReturnCode: code);

    /// <summary>MQTT 5.0 §3.2: CONNACK with its own reason code and properties.</summary>
    public static OutboundPacket ConnAck(bool sessionPresent, MqttReasonCode reason, MqttProperties? properties) =>
        new(MqttPacketType.ConnAck, SessionPresent: sessionPresent,
            ReturnCode: reason == MqttReasonCode.Success ? MqttConnectReturnCode.Accepted : MqttConnectReturnCode.NotAuthorized,
            Reason: reason, Properties: properties);

    /// <summary>MQTT 5.0 §3.14: the server's DISCONNECT.</summary>
    public static OutboundPacket Disconnect(MqttReasonCode reason, string? reasonString) =>
        new(MqttPacketType.Disconnect, Reason: reason, Properties: reasonString is null ? null : new MqttProperties { ReasonString = reasonString });

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version)
    {
        switch (Type)
        {
            case MqttPacketType.ConnAck when version == MqttProtocolVersion.V500:
                new MqttConnAckPacket(SessionPresent, ReturnCode)
                {
                    ReasonCode = Reason != MqttReasonCode.Success ? Reason : MqttReasonCodes.FromConnectReturnCode(ReturnCode),
                    Properties = Properties,
                }.WriteTo(writer, version);
                break;
            case MqttPacketType.ConnAck:
                MqttPacketWriter.WriteConnAck(writer, SessionPresent, ReturnCode, version);
                break;
            case MqttPacketType.SubAck:
                SubAck!.WriteTo(writer, version);
                break;
            case MqttPacketType.PingResp:
                MqttPacketWriter.WritePingResp(writer);
                break;
            case MqttPacketType.UnsubAck when version == MqttProtocolVersion.V500:
                new MqttUnsubAckPacket(PacketIdentifier) { ReasonCodes = ReasonCodes, Properties = Properties }.WriteTo(writer, version);
                break;
            case MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp or MqttPacketType.UnsubAck:
                MqttPacketIdentifierCodec.Write(writer, Type, PacketIdentifier, version, Reason, Properties);
                break;
            case MqttPacketType.Disconnect when version == MqttProtocolVersion.V500:
                new MqttDisconnectPacket(Reason) { Properties = Properties }.WriteTo(writer, version);
                break;
            default:
                throw new InvalidOperationException($"The broker does not send {Type} packets.");
        }
    }
}
