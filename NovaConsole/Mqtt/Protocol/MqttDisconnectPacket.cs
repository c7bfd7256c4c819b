using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// DISCONNECT: clean close by the client; the will is discarded (MQTT 3.1.1 §3.14). MQTT 5.0 §3.14 adds a reason
/// code and properties, lets the server send it too, and 0x04 asks the server to publish the will anyway.
/// </summary>
internal readonly record struct MqttDisconnectPacket(MqttReasonCode ReasonCode = MqttReasonCode.Success)
{
    public MqttProperties? Properties { get; init; }

    public static MqttDisconnectPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        if (version != MqttProtocolVersion.V500)
        {
            MqttEmptyPacketCodec.Read(frame, MqttPacketType.Disconnect);
            return default;
        }

        var (reason, properties) = MqttReasonOnlyCodec.Read(frame, MqttPacketType.Disconnect);
        return new MqttDisconnectPacket(reason) { Properties = properties };
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version)
    {
        if (version != MqttProtocolVersion.V500)
        {
            MqttEmptyPacketCodec.Write(writer, MqttPacketType.Disconnect);
            return;
        }

        MqttReasonOnlyCodec.Write(writer, MqttPacketType.Disconnect, ReasonCode, Properties);
    }
}
