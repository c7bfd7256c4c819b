using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// Allocation-free writers for the frequent packets (PUBLISH, its acknowledgements, pings, CONNACK, DISCONNECT).
/// Rarer packets are written with their own <c>WriteTo</c>. Nothing is flushed here: the caller batches flushes.
/// </summary>
internal static class MqttPacketWriter
{
    /// <summary>PUBLISH with the topic as UTF-8 bytes.</summary>
    public static void WritePublish(
        IBufferWriter<byte> writer,
        ReadOnlySpan<byte> topic,
        in ReadOnlySequence<byte> payload,
        MqttQualityOfService qualityOfService,
        bool retain,
        bool dup,
        ushort packetIdentifier,
        MqttProtocolVersion version,
        MqttProperties? properties = null)
    {
        if (!MqttTopic.IsValidName(topic) && !(topic.IsEmpty && properties?.TopicAlias is not null))
        {
            throw new ArgumentException("A topic name is non-empty and has no wildcards (MQTT 3.1.1 §3.3.2.1).", nameof(topic));
        }

        BeginPublish(writer, topic.Length, payload.Length, qualityOfService, retain, dup, packetIdentifier, version, properties, out var w);
        w.WriteLengthPrefixed(topic);
        EndPublish(writer, ref w, payload, qualityOfService, packetIdentifier, version, properties);
    }

    /// <summary>PUBLISH with the topic as a slice, e.g. forwarding a received <see cref="MqttPublishPacket.Topic"/>.</summary>
    public static void WritePublish(
        IBufferWriter<byte> writer,
        in ReadOnlySequence<byte> topic,
        in ReadOnlySequence<byte> payload,
        MqttQualityOfService qualityOfService,
        bool retain,
        bool dup,
        ushort packetIdentifier,
        MqttProtocolVersion version,
        MqttProperties? properties = null)
    {
        if (topic.IsSingleSegment)
        {
            WritePublish(writer, topic.FirstSpan, payload, qualityOfService, retain, dup, packetIdentifier, version, properties);
            return;
        }

        if (topic.IsEmpty || topic.PositionOf((byte)'+') is not null || topic.PositionOf((byte)'#') is not null)
        {
            throw new ArgumentException("A topic name is non-empty and has no wildcards (MQTT 3.1.1 §3.3.2.1).", nameof(topic));
        }

        BeginPublish(writer, topic.Length, payload.Length, qualityOfService, retain, dup, packetIdentifier, version, properties, out var w);
        w.WriteLengthPrefixed(topic);
        EndPublish(writer, ref w, payload, qualityOfService, packetIdentifier, version, properties);
    }

    /// <summary>PUBLISH with the topic as a string, encoded straight into the output.</summary>
    public static void WritePublish(
        IBufferWriter<byte> writer,
        string topic,
        in ReadOnlySequence<byte> payload,
        MqttQualityOfService qualityOfService,
        bool retain,
        bool dup,
        ushort packetIdentifier,
        MqttProtocolVersion version,
        MqttProperties? properties = null)
    {
        if (!MqttTopic.IsValidName(topic))
        {
            throw new ArgumentException("A topic name is non-empty and has no wildcards (MQTT 3.1.1 §3.3.2.1).", nameof(topic));
        }

        var topicLength = MqttSpanWriter.SizeOfString(topic, nameof(topic)) - 2;
        BeginPublish(writer, topicLength, payload.Length, qualityOfService, retain, dup, packetIdentifier, version, properties, out var w);
        w.WriteString(topic);
        EndPublish(writer, ref w, payload, qualityOfService, packetIdentifier, version, properties);
    }

    /// <summary>Bytes a PUBLISH takes on the wire, fixed header included (to honour a client's Maximum Packet Size).</summary>
    public static long SizeOfPublish(long topicLength, long payloadLength, MqttQualityOfService qualityOfService, MqttProtocolVersion version, MqttProperties? properties)
    {
        var remaining = 2 + topicLength + (qualityOfService == MqttQualityOfService.AtMostOnce ? 0 : 2) + payloadLength
            + (version == MqttProtocolVersion.V500 ? MqttPropertiesWriter.SizeOf(properties) : 0);
        return 1 + (remaining > MqttVariableByteInteger.MaxValue ? 5 : MqttVariableByteInteger.GetSize((int)remaining)) + remaining;
    }

    public static void WriteConnAck(IBufferWriter<byte> writer, bool sessionPresent, MqttConnectReturnCode returnCode, MqttProtocolVersion version) =>
        new MqttConnAckPacket(sessionPresent, returnCode).WriteTo(writer, version);

    public static void WritePubAck(IBufferWriter<byte> writer, ushort packetIdentifier, MqttProtocolVersion version) =>
        MqttPacketIdentifierCodec.Write(writer, MqttPacketType.PubAck, packetIdentifier);

    public static void WritePubRec(IBufferWriter<byte> writer, ushort packetIdentifier, MqttProtocolVersion version) =>
        MqttPacketIdentifierCodec.Write(writer, MqttPacketType.PubRec, packetIdentifier);

    public static void WritePubRel(IBufferWriter<byte> writer, ushort packetIdentifier, MqttProtocolVersion version) =>
        MqttPacketIdentifierCodec.Write(writer, MqttPacketType.PubRel, packetIdentifier);

    public static void WritePubComp(IBufferWriter<byte> writer, ushort packetIdentifier, MqttProtocolVersion version) =>
        MqttPacketIdentifierCodec.Write(writer, MqttPacketType.PubComp, packetIdentifier);

    public static void WriteUnsubAck(IBufferWriter<byte> writer, ushort packetIdentifier, MqttProtocolVersion version) =>
        MqttPacketIdentifierCodec.Write(writer, MqttPacketType.UnsubAck, packetIdentifier);

    public static void WritePingReq(IBufferWriter<byte> writer) => MqttEmptyPacketCodec.Write(writer, MqttPacketType.PingReq);

    public static void WritePingResp(IBufferWriter<byte> writer) => MqttEmptyPacketCodec.Write(writer, MqttPacketType.PingResp);

    public static void WriteDisconnect(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttEmptyPacketCodec.Write(writer, MqttPacketType.Disconnect);

    /// <summary>MQTT 5.0 §3.14: the server's DISCONNECT with a reason code and an optional reason string.</summary>
    public static void WriteDisconnect(IBufferWriter<byte> writer, MqttReasonCode reason, string? reasonString) =>
        new MqttDisconnectPacket(reason) { Properties = reasonString is null ? null : new MqttProperties { ReasonString = reasonString } }
            .WriteTo(writer, MqttProtocolVersion.V500);

    // Header, topic length prefix and packet identifier go into one span sized up front; the payload is then
    // copied segment by segment so a large payload never needs one contiguous span.
    private static void BeginPublish(
        IBufferWriter<byte> writer,
        long topicLength,
        long payloadLength,
        MqttQualityOfService qualityOfService,
        bool retain,
        bool dup,
        ushort packetIdentifier,
        MqttProtocolVersion version,
        MqttProperties? properties,
        out MqttSpanWriter w)
    {
        if ((uint)qualityOfService > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(qualityOfService));
        }

        var hasIdentifier = qualityOfService != MqttQualityOfService.AtMostOnce;
        if (hasIdentifier == (packetIdentifier == 0))
        {
            // MQTT 3.1.1 §2.3.1: QoS 1 and 2 need a non-zero identifier, QoS 0 has none.
            throw new ArgumentOutOfRangeException(nameof(packetIdentifier), "QoS 1 and 2 need a non-zero packet identifier; QoS 0 takes 0.");
        }

        if (dup && !hasIdentifier)
        {
            // MQTT 3.1.1 §3.3.1.1 [MQTT-3.3.1-2]
            throw new ArgumentException("DUP must be 0 at QoS 0 (MQTT 3.1.1 §3.3.1.1).", nameof(dup));
        }

        var topicSize = MqttSpanWriter.SizeOfLengthPrefixed(topicLength, "topic");
        var variableHeaderSize = topicSize + (hasIdentifier ? 2 : 0)
            + (version == MqttProtocolVersion.V500 ? MqttPropertiesWriter.SizeOf(properties) : 0);
        var remainingLength = variableHeaderSize + payloadLength;
        var headerSize = MqttSpanWriter.SizeOfFixedHeader(remainingLength);

        var flags = (dup ? 0b1000 : 0) | ((int)qualityOfService << 1) | (retain ? 1 : 0);
        var span = writer.GetSpan(headerSize + variableHeaderSize)[..(headerSize + variableHeaderSize)];
        w = new MqttSpanWriter(span);
        w.WriteFixedHeader(MqttPacketType.Publish, flags, (int)remainingLength);
    }

    private static void EndPublish(
        IBufferWriter<byte> writer,
        ref MqttSpanWriter w,
        in ReadOnlySequence<byte> payload,
        MqttQualityOfService qualityOfService,
        ushort packetIdentifier,
        MqttProtocolVersion version,
        MqttProperties? properties)
    {
        if (qualityOfService != MqttQualityOfService.AtMostOnce)
        {
            w.WriteUInt16(packetIdentifier);
        }

        if (version == MqttProtocolVersion.V500)
        {
            // MQTT 5.0 §3.3.2.3
            MqttPropertiesWriter.Write(ref w, properties);
        }

        writer.Advance(w.Written);
        foreach (var segment in payload)
        {
            writer.Write(segment.Span);
        }
    }
}
