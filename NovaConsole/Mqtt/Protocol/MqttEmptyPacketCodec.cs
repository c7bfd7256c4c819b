using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// PINGREQ, PINGRESP and (in 3.1.x) DISCONNECT: a fixed header with remaining length 0 and nothing else.
/// </summary>
internal static class MqttEmptyPacketCodec
{
    public static void Read(in MqttFrame frame, MqttPacketType type)
    {
        frame.EnsureType(type);
        if (frame.RemainingLength != 0)
        {
            // MQTT 3.1.1 §3.12, §3.13, §3.14: no variable header, no payload.
            throw MqttProtocolException.Malformed($"{type} must have remaining length 0, not {frame.RemainingLength} (MQTT 3.1.1 §2.2.3).");
        }
    }

    public static void Write(IBufferWriter<byte> writer, MqttPacketType type)
    {
        var span = writer.GetSpan(2);
        span[0] = (byte)((int)type << 4);
        span[1] = 0;
        writer.Advance(2);
    }
}
