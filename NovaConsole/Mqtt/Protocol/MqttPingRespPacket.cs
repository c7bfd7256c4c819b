using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>PINGRESP: the server's answer to PINGREQ (MQTT 3.1.1 §3.13).</summary>
internal readonly record struct MqttPingRespPacket
{
    public static MqttPingRespPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        MqttEmptyPacketCodec.Read(frame, MqttPacketType.PingResp);
        return default;
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttEmptyPacketCodec.Write(writer, MqttPacketType.PingResp);
}
