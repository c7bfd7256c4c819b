using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>One topic filter and its requested QoS (MQTT 3.1.1 §3.8.3), with the MQTT 5.0 §3.8.3.1 subscription options.</summary>
internal sealed record MqttTopicSubscription(string TopicFilter, MqttQualityOfService QualityOfService)
{
    public bool NoLocal { get; init; }

    public bool RetainAsPublished { get; init; }

    /// <summary>0 send retained at subscribe, 1 only if the subscription is new, 2 never.</summary>
    public byte RetainHandling { get; init; }

    internal byte OptionsByte => (byte)((int)QualityOfService | (NoLocal ? 0x04 : 0) | (RetainAsPublished ? 0x08 : 0) | (RetainHandling << 4));
}

/// <summary>SUBSCRIBE (MQTT 3.1.1 §3.8).</summary>
internal sealed record MqttSubscribePacket(ushort PacketIdentifier, IReadOnlyList<MqttTopicSubscription> Subscriptions)
{
    /// <summary>MQTT 5.0 §3.8.2.1: subscription identifier and user properties.</summary>
    public MqttProperties? Properties { get; init; }

    public static MqttSubscribePacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        frame.EnsureType(MqttPacketType.Subscribe);
        var reader = new SequenceReader<byte>(frame.Body);
        var id = MqttBodyReader.ReadPacketIdentifier(ref reader, MqttPacketType.Subscribe);
        var v5 = version == MqttProtocolVersion.V500;
        var properties = v5 ? MqttPropertiesReader.Read(ref reader, MqttPropertyContext.Subscribe) : null;

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

            if (v5)
            {
                subscriptions.Add(ReadOptions(filter, options));
                continue;
            }

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

        return new MqttSubscribePacket(id, subscriptions) { Properties = properties };
    }

    // MQTT 5.0 §3.8.3.1 subscription options.
    private static MqttTopicSubscription ReadOptions(string filter, byte options)
    {
        if ((options & 0xC0) != 0 || (options & 0b11) == 3)
        {
            // [MQTT-3.8.3-5] reserved bits; QoS 3 is malformed as in 3.1.1.
            throw MqttProtocolException.Malformed($"SUBSCRIBE options byte 0x{options:X2} is invalid (MQTT 5.0 §3.8.3.1).");
        }

        var retainHandling = (byte)((options >> 4) & 0b11);
        if (retainHandling == 3)
        {
            throw MqttProtocolException.Protocol("SUBSCRIBE retain handling 3 (MQTT 5.0 §3.8.3.1).");
        }

        var noLocal = (options & 0x04) != 0;
        if (noLocal && filter.StartsWith("$share/", StringComparison.Ordinal))
        {
            // [MQTT-3.8.3-4]
            throw MqttProtocolException.Protocol("No Local on a shared subscription (MQTT 5.0 §3.8.3.1).");
        }

        return new MqttTopicSubscription(filter, (MqttQualityOfService)(options & 0b11))
        {
            NoLocal = noLocal,
            RetainAsPublished = (options & 0x08) != 0,
            RetainHandling = retainHandling,
        };
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version)
    {
        if (PacketIdentifier == 0 || Subscriptions.Count == 0)
        {
            throw new InvalidOperationException("SUBSCRIBE needs a non-zero packet identifier and at least one filter (MQTT 3.1.1 §3.8).");
        }

        var v5 = version == MqttProtocolVersion.V500;
        var remainingLength = 2 + (v5 ? MqttPropertiesWriter.SizeOf(Properties) : 0);
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
        if (v5)
        {
            MqttPropertiesWriter.Write(ref w, Properties);
        }

        foreach (var subscription in Subscriptions)
        {
            w.WriteString(subscription.TopicFilter);
            w.WriteByte(v5 ? subscription.OptionsByte : (byte)subscription.QualityOfService);
        }

        writer.Advance(w.Written);
    }
}
