using System.Buffers;
using System.Text;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// PUBLISH (MQTT 3.1.1 §3.3), the hot path: a struct over slices of the receive buffer, so reading allocates nothing.
/// <see cref="Topic"/> and <see cref="Payload"/> are valid only until that buffer is advanced; copy what you keep.
/// </summary>
internal readonly struct MqttPublishPacket
{
    public MqttPublishPacket(
        ReadOnlySequence<byte> topic,
        ReadOnlySequence<byte> payload,
        MqttQualityOfService qualityOfService,
        bool retain,
        bool dup,
        ushort packetIdentifier,
        MqttProperties? properties = null)
    {
        Topic = topic;
        Payload = payload;
        QualityOfService = qualityOfService;
        Retain = retain;
        Dup = dup;
        PacketIdentifier = packetIdentifier;
        Properties = properties;
    }

    /// <summary>MQTT 5.0 §3.3.2.3; null in 3.1.x and when the packet has none, so the 3.1.1 path allocates nothing.</summary>
    public MqttProperties? Properties { get; }

    /// <summary>The topic name as raw UTF-8, already checked (well-formed, no U+0000, no wildcards, not empty).</summary>
    public ReadOnlySequence<byte> Topic { get; }

    public ReadOnlySequence<byte> Payload { get; }

    public MqttQualityOfService QualityOfService { get; }

    public bool Retain { get; }

    public bool Dup { get; }

    /// <summary>0 at QoS 0, where the packet has no identifier (§3.3.2.2).</summary>
    public ushort PacketIdentifier { get; }

    public int TopicLength => (int)Topic.Length;

    /// <summary>Allocates; use on cold paths (logging, storing) only.</summary>
    public string GetTopicString() => MqttUtf8.Decode(Topic);

    /// <summary>Copies the UTF-8 topic into <paramref name="destination"/>, which needs <see cref="TopicLength"/> bytes.</summary>
    public int CopyTopicTo(Span<byte> destination)
    {
        Topic.CopyTo(destination);
        return TopicLength;
    }

    /// <summary>Decodes the topic into <paramref name="destination"/> without allocating; returns the chars written.</summary>
    public int DecodeTopicTo(Span<char> destination) => Encoding.UTF8.GetChars(Topic, destination);

    public static MqttPublishPacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        frame.EnsureType(MqttPacketType.Publish);

        // The fixed header flags were checked when framing (QoS 3, DUP at QoS 0).
        var flags = frame.Flags;
        var qos = (MqttQualityOfService)((flags >> 1) & 0b11);
        var reader = new SequenceReader<byte>(frame.Body);

        // MQTT 3.1.1 §3.3.2.1: a UTF-8 string, no wildcards [MQTT-3.3.2-2], at least one character [MQTT-4.7.3-1].
        var topic = MqttBodyReader.ReadLengthPrefixed(ref reader, "PUBLISH topic name");
        if (topic.IsEmpty && version == MqttProtocolVersion.V500)
        {
            MqttUtf8.Validate(topic, "PUBLISH topic name");
        }
        else
        {
            MqttUtf8.ValidateTopicName(topic, "PUBLISH topic name");
        }

        // MQTT 3.1.1 §3.3.2.2: only QoS 1 and 2 carry an identifier, and it is non-zero.
        ushort packetIdentifier = 0;
        if (qos != MqttQualityOfService.AtMostOnce)
        {
            packetIdentifier = MqttBodyReader.ReadPacketIdentifier(ref reader, MqttPacketType.Publish);
        }

        // MQTT 5.0 §3.3.2.3: properties after the identifier. An empty topic name is allowed there with a
        // Topic Alias (§3.3.2.3.4); the broker checks the pair, since only it knows the aliases.
        var properties = version == MqttProtocolVersion.V500 ? MqttPropertiesReader.Read(ref reader, MqttPropertyContext.Publish) : null;

        // MQTT 3.1.1 §3.3.3: the rest is the payload, possibly empty.
        var payload = frame.Body.Slice(reader.Position);
        return new MqttPublishPacket(topic, payload, qos, (flags & 0b0001) != 0, (flags & 0b1000) != 0, packetIdentifier, properties);
    }

    public void WriteTo(IBufferWriter<byte> writer, MqttProtocolVersion version) =>
        MqttPacketWriter.WritePublish(writer, Topic, Payload, QualityOfService, Retain, Dup, PacketIdentifier, version, Properties);
}
