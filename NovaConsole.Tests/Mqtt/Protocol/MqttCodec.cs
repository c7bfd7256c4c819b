using System.Buffers;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Protocol;

/// <summary>Test-side dispatch: frame one packet, decode it by type, and encode it again.</summary>
internal static class MqttCodec
{
    public const int Unlimited = MqttPacketReader.UnlimitedPacketSize;

    public static object Decode(in MqttFrame frame, MqttProtocolVersion version) => frame.Type switch
    {
        MqttPacketType.Connect => MqttConnectPacket.Read(frame),
        MqttPacketType.ConnAck => MqttConnAckPacket.Read(frame, version),
        MqttPacketType.Publish => MqttPublishPacket.Read(frame, version),
        MqttPacketType.PubAck => MqttPubAckPacket.Read(frame, version),
        MqttPacketType.PubRec => MqttPubRecPacket.Read(frame, version),
        MqttPacketType.PubRel => MqttPubRelPacket.Read(frame, version),
        MqttPacketType.PubComp => MqttPubCompPacket.Read(frame, version),
        MqttPacketType.Subscribe => MqttSubscribePacket.Read(frame, version),
        MqttPacketType.SubAck => MqttSubAckPacket.Read(frame, version),
        MqttPacketType.Unsubscribe => MqttUnsubscribePacket.Read(frame, version),
        MqttPacketType.UnsubAck => MqttUnsubAckPacket.Read(frame, version),
        MqttPacketType.PingReq => MqttPingReqPacket.Read(frame, version),
        MqttPacketType.PingResp => MqttPingRespPacket.Read(frame, version),
        MqttPacketType.Disconnect => MqttDisconnectPacket.Read(frame, version),
        MqttPacketType.Auth => MqttAuthPacket.Read(frame, version),
        _ => throw new InvalidOperationException($"No decoder for {frame.Type}"),
    };

    public static void Encode(object packet, IBufferWriter<byte> writer, MqttProtocolVersion version)
    {
        switch (packet)
        {
            case MqttConnectPacket p: p.WriteTo(writer); break;
            case MqttConnAckPacket p: p.WriteTo(writer, version); break;
            case MqttPublishPacket p: p.WriteTo(writer, version); break;
            case MqttPubAckPacket p: p.WriteTo(writer, version); break;
            case MqttPubRecPacket p: p.WriteTo(writer, version); break;
            case MqttPubRelPacket p: p.WriteTo(writer, version); break;
            case MqttPubCompPacket p: p.WriteTo(writer, version); break;
            case MqttSubscribePacket p: p.WriteTo(writer, version); break;
            case MqttSubAckPacket p: p.WriteTo(writer, version); break;
            case MqttUnsubscribePacket p: p.WriteTo(writer, version); break;
            case MqttUnsubAckPacket p: p.WriteTo(writer, version); break;
            case MqttPingReqPacket p: p.WriteTo(writer, version); break;
            case MqttPingRespPacket p: p.WriteTo(writer, version); break;
            case MqttDisconnectPacket p: p.WriteTo(writer, version); break;
            case MqttAuthPacket p: p.WriteTo(writer, version); break;
            default: throw new InvalidOperationException($"No encoder for {packet.GetType()}");
        }
    }

    /// <summary>Frames exactly one packet that fills the whole sequence and decodes it.</summary>
    public static object ReadSingle(in ReadOnlySequence<byte> bytes, MqttProtocolVersion version, int maximumPacketSize = Unlimited)
    {
        Assert.True(MqttPacketReader.TryReadFrame(bytes, version, maximumPacketSize, out var frame, out var consumed, out var examined));
        // Offsets, not positions: the end of one segment and the start of the next are the same place.
        Assert.Equal(bytes.Length, bytes.GetOffset(consumed));
        Assert.Equal(bytes.Length, bytes.GetOffset(examined));
        return Decode(frame, version);
    }

    /// <summary>Reads one packet and writes it back; decoded slices are still valid because nothing advanced.</summary>
    public static byte[] Reencode(in ReadOnlySequence<byte> bytes, MqttProtocolVersion version)
    {
        var packet = ReadSingle(bytes, version);
        var writer = new ArrayBufferWriter<byte>();
        Encode(packet, writer, version);
        return writer.WrittenSpan.ToArray();
    }

    public static byte[] Write(Action<IBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>();
        write(writer);
        return writer.WrittenSpan.ToArray();
    }
}
