using System.Buffers;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Sessions;

/// <summary>
/// One message being routed. From a client PUBLISH it is slices of the receive buffer, and a subscriber that can
/// take it at once gets those bytes written straight to its output (no copy); the first subscriber that has to
/// keep it (queue, QoS 1/2 in flight) copies it once into <see cref="Materialized"/> for all the others.
/// </summary>
internal ref struct PublishSource
{
    public PublishSource(ReadOnlySpan<char> topic, ReadOnlySequence<byte> topicUtf8, ReadOnlySequence<byte> payload, MqttQualityOfService qos)
    {
        Topic = topic;
        TopicUtf8 = topicUtf8;
        Payload = payload;
        QualityOfService = qos;
    }

    public PublishSource(MqttApplicationMessage message)
    {
        Topic = message.Topic;
        TopicUtf8 = new ReadOnlySequence<byte>(message.TopicUtf8);
        Payload = new ReadOnlySequence<byte>(message.Payload);
        QualityOfService = message.QualityOfService;
        Properties = message.Properties;
        ExpiresAt = message.ExpiresAt;
        Materialized = message;
    }

    /// <summary>MQTT 5 properties forwarded to v5 subscribers (no topic alias, no subscription identifiers); null in 3.1.x.</summary>
    public MqttProperties? Properties { get; init; }

    /// <summary>The publishing session, for MQTT 5 No Local; null for server messages.</summary>
    public object? Publisher { get; init; }

    /// <summary>The RETAIN flag as published, for MQTT 5 Retain As Published.</summary>
    public bool Retain { get; init; }

    /// <summary>MQTT 5 Message Expiry (§3.3.2.3.3) as a timestamp of the broker's TimeProvider; 0 = never.</summary>
    public long ExpiresAt { get; init; }

    public ReadOnlySpan<char> Topic { get; }

    public ReadOnlySequence<byte> TopicUtf8 { get; }

    public ReadOnlySequence<byte> Payload { get; }

    public MqttQualityOfService QualityOfService { get; }

    public MqttApplicationMessage? Materialized { get; private set; }

    /// <summary>Sessions whose queue this message filled (<c>Mqtt:OverflowPolicy</c> backpressure): the publisher waits for them.</summary>
    public List<MqttSession>? Congested { get; private set; }

    public void Congest(MqttSession session) => (Congested ??= []).Add(session);

    public MqttApplicationMessage Materialize() =>
        Materialized ??= MqttApplicationMessage.Copy(Topic.ToString(), Payload, QualityOfService, Properties, ExpiresAt);
}
