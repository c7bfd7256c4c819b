using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>One topic filter and its requested QoS (MQTT 3.1.1 §3.8.3). MQTT 5 subscription options go here.</summary>
internal sealed record MqttTopicSubscription(string TopicFilter, MqttQualityOfService QualityOfService);

/// <summary>SUBSCRIBE (MQTT 3.1.1 §3.8).</summary>
internal sealed record MqttSubscribePacket(ushort PacketIdentifier, IReadOnlyList<MqttTopicSubscription> Subscriptions)
{
    public static MqttSubscribePacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        frame.EnsureType(MqttPacketType.Subscribe);
        var reader = new SequenceReader<byte>(frame.Body);
        var id = MqttBodyReader.ReadPacketIdentifier(ref reader, MqttPacketType.Subscribe);

        var subscriptions = new List<MqttTopicSubscription>();
        while (!reader.End)
        {
            var filter = MqttBodyReader.ReadString(ref reader, "SUBSCRIBE topic filter");
            if (!MqttTopic.IsValidFilter(filter))
            {
                // MQTT 3.1.1 §4.7.1 wildcard placement, §4.7.3 [MQTT-4.7.3-1] at least one character.
                throw MqttProtocolException.Malformed($"SUBSCRIBE topic filter '{filter}' is not valid (MQTT 3.1.1 §4.7).");
            }

            var options = MqttBodyReader.ReadByte(ref reader, "SUBSCRIBE requested QoS");

            // MQTT 3.1.1 §3.8.3.1 [MQTT-3-8.3-4]: bits 7-2 reserved and QoS 3 are malformed.
            // MQTT 3.1 did not reserve the upper bits, so only the QoS is checked there.
            if ((version >= MqttProtocolVersion.V311 && (options & 0xFC) != 0) || (options & 0b11) == 3)
            {
                throw MqttProtocolException.Malformed($"SUBSCRIBE requested QoS byte 0x{options:X2} is invalid (MQTT 3.1.1 §3.8.3.1).");
            }

            subscriptions.Add(new MqttTopicSubscription(filter, (MqttQualityOfService)(options & 0b11)));
        }

        if (subscriptions.Count == 0)
        {
            // MQTT 3.1.1 §3.8.3 [MQTT-3.8.3-3]
            throw MqttProtocolException.Protocol("SUBSCRIBE without topic filters (MQTT 3.1.1 §3.8.3).");
        }

        return new MqttSubscribePacket(id, subscriptions);
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version)
    {
        if (PacketIdentifier == 0 || Subscriptions.Count == 0)
        {
            throw new InvalidOperationException("SUBSCRIBE needs a non-zero packet identifier and at least one filter (MQTT 3.1.1 §3.8).");
        }

        var remainingLength = 2;
        foreach (var subscription in Subscriptions)
        {
            if (!MqttTopic.IsValidFilter(subscription.TopicFilter) || (uint)subscription.QualityOfService > 2)
            {
                throw new InvalidOperationException($"Invalid subscription '{subscription.TopicFilter}' at {subscription.QualityOfService}.");
            }

            remainingLength += MqttSpanWriter.SizeOfString(subscription.TopicFilter, nameof(Subscriptions)) + 1;
        }

        var size = MqttSpanWriter.SizeOfFixedHeader(remainingLength) + remainingLength;
        var w = new MqttSpanWriter(writer.GetSpan(size));
        w.WriteFixedHeader(MqttPacketType.Subscribe, 0b0010, remainingLength);
        w.WriteUInt16(PacketIdentifier);
        foreach (var subscription in Subscriptions)
        {
            w.WriteString(subscription.TopicFilter);
            w.WriteByte((byte)subscription.QualityOfService);
        }

        writer.Advance(w.Written);
    }
}
