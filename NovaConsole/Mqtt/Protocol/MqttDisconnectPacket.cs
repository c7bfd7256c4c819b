using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>DISCONNECT: clean close by the client; the will is discarded (MQTT 3.1.1 §3.14). MQTT 5 adds a reason code and properties and lets the server send it too.</summary>
internal readonly record struct MqttDisconnectPacket
{
    public static MqttDisconnectPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        MqttEmptyPacketCodec.Read(frame, MqttPacketType.Disconnect);
        return default;
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttEmptyPacketCodec.Write(writer, MqttPacketType.Disconnect);
}
