using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>UNSUBSCRIBE (MQTT 3.1.1 §3.10).</summary>
internal sealed record MqttUnsubscribePacket(ushort PacketIdentifier, IReadOnlyList<string> TopicFilters)
{
    /// <summary>MQTT 5.0 §3.10.2.1: user properties only.</summary>
    public MqttProperties? Properties { get; init; }

    public static MqttUnsubscribePacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        frame.EnsureType(MqttPacketType.Unsubscribe);
        var reader = new SequenceReader<byte>(frame.Body);
        var id = MqttBodyReader.ReadPacketIdentifier(ref reader, MqttPacketType.Unsubscribe);
        var v5 = version == MqttProtocolVersion.V500;
        var properties = v5 ? MqttPropertiesReader.Read(ref reader, MqttPropertyContext.Unsubscribe) : null;

        var filters = new List<string>();
        while (!reader.End)
        {
            var filter = MqttBodyReader.ReadString(ref reader, "UNSUBSCRIBE topic filter");
            if (!MqttTopic.IsValidFilter(filter))
            {
                // MQTT 3.1.1 §4.7.1 wildcard placement, §4.7.3 [MQTT-4.7.3-1] at least one character.
                throw MqttProtocolException.Malformed($"UNSUBSCRIBE topic filter '{filter}' is not valid (MQTT 3.1.1 §4.7).");
            }

            filters.Add(filter);
        }

        if (filters.Count == 0)
        {
            // MQTT 3.1.1 §3.10.3 [MQTT-3.10.3-2]
            throw MqttProtocolException.Protocol("UNSUBSCRIBE without topic filters (MQTT 3.1.1 §3.10.3).");
        }

        return new MqttUnsubscribePacket(id, filters) { Properties = properties };
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version)
    {
        if (PacketIdentifier == 0 || TopicFilters.Count == 0)
        {
            throw new InvalidOperationException("UNSUBSCRIBE needs a non-zero packet identifier and at least one filter (MQTT 3.1.1 §3.10).");
        }

        var v5 = version == MqttProtocolVersion.V500;
        var remainingLength = 2 + (v5 ? MqttPropertiesWriter.SizeOf(Properties) : 0);
        foreach (var filter in TopicFilters)
        {
            if (!MqttTopic.IsValidFilter(filter))
            {
                throw new InvalidOperationException($"Invalid topic filter '{filter}'.");
            }

            remainingLength += MqttSpanWriter.SizeOfString(filter, nameof(TopicFilters));
        }

        var size = MqttSpanWriter.SizeOfFixedHeader(remainingLength) + remainingLength;
        var w = new MqttSpanWriter(writer.GetSpan(size));
        w.WriteFixedHeader(MqttPacketType.Unsubscribe, 0b0010, remainingLength);
        w.WriteUInt16(PacketIdentifier);
        if (v5)
        {
            MqttPropertiesWriter.Write(ref w, Properties);
        }

        foreach (var filter in TopicFilters)
        {
            w.WriteString(filter);
        }

        writer.Advance(w.Written);
    }
}
