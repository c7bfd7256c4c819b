using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>PINGREQ: keep-alive probe from the client (MQTT 3.1.1 §3.12).</summary>
internal readonly record struct MqttPingReqPacket
{
    public static MqttPingReqPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        MqttEmptyPacketCodec.Read(frame, MqttPacketType.PingReq);
        return default;
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttEmptyPacketCodec.Write(writer, MqttPacketType.PingReq);
}
