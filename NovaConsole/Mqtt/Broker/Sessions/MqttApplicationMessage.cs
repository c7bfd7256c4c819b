using System.Buffers;
using System.Text;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Sessions;

/// <summary>
/// A message copied out of a receive buffer because it must outlive it (queued, in flight, retained, a will).
/// Immutable and shared by every session that holds it, so a fan-out copies the payload once.
/// </summary>
internal sealed class MqttApplicationMessage
{
    public MqttApplicationMessage(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qualityOfService)
    {
        Topic = topic;
        TopicUtf8 = Encoding.UTF8.GetBytes(topic);
        Payload = payload;
        QualityOfService = qualityOfService;
    }

    public string Topic { get; }

    /// <summary>Encoded once, so every delivery writes bytes instead of encoding the string again.</summary>
    public byte[] TopicUtf8 { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The QoS it was published with; each delivery uses min(this, granted).</summary>
    public MqttQualityOfService QualityOfService { get; }

    /// <summary>MQTT 5 properties forwarded to v5 subscribers; null for messages without any.</summary>
    public MqttProperties? Properties { get; init; }

    /// <summary>MQTT 5.0 §3.3.2.3.3: when it expires, a timestamp of the broker's TimeProvider; 0 = never.</summary>
    public long ExpiresAt { get; init; }

    /// <summary>[MQTT-3.3.2-5]: an expired message is not delivered from a queue.</summary>
    public bool IsExpired(TimeProvider? time) => ExpiresAt != 0 && time is not null && time.GetTimestamp() >= ExpiresAt;

    /// <summary>The properties to send now: the Message Expiry Interval becomes what is left of it (§3.3.2.3.3).</summary>
    public MqttProperties? PropertiesAt(TimeProvider? time)
    {
        if (ExpiresAt == 0 || time is null || Properties is null)
        {
            return Properties;
        }

        var left = time.GetElapsedTime(time.GetTimestamp(), ExpiresAt);
        var adjusted = Properties.Clone();
        adjusted.MessageExpiryInterval = (uint)Math.Max(1, Math.Ceiling(left.TotalSeconds));
        return adjusted;
    }

    private Action? _delivered;

    /// <summary>
    /// Set by a server publish that wants to know when a client took the message: called once, on the thread pool, at
    /// the first PUBACK / PUBREC for it (QoS 1/2), or when it was written to a client's connection (delivered at QoS 0).
    /// </summary>
    public Action? Delivered
    {
        init => _delivered = value;
    }

    /// <summary>A client took the message; safe to call under a session lock (the callback runs elsewhere, once).</summary>
    public void NotifyDelivered()
    {
        if (_delivered is not null && Interlocked.Exchange(ref _delivered, null) is { } callback)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static c => c(), callback, preferLocal: false);
        }
    }

    public static MqttApplicationMessage Copy(
        string topic, in ReadOnlySequence<byte> payload, MqttQualityOfService qos, MqttProperties? properties = null, long expiresAt = 0) =>
        new(topic, payload.IsEmpty ? ReadOnlyMemory<byte>.Empty : payload.ToArray(), qos) { Properties = properties, ExpiresAt = expiresAt };
}

/// <summary>A message waiting in a session queue, with the QoS and RETAIN flag of this delivery.</summary>
internal readonly record struct QueuedMessage(MqttApplicationMessage Message, MqttQualityOfService QualityOfService, bool Retain)
{
    /// <summary>Its place in the session (QoS 1/2): the key of its persisted row, and the order it is restored in.</summary>
    public long Sequence { get; init; }

    /// <summary>Topic and payload bytes, as the broker statistics count a queue.</summary>
    public long Size => Message.TopicUtf8.Length + Message.Payload.Length;
}

/// <summary>Where an outbound QoS 1/2 message is in its flow (MQTT 3.1.1 §4.3.2, §4.3.3).</summary>
internal enum InflightState : byte
{
    AwaitingPubAck,
    AwaitingPubRec,

    /// <summary>PUBREL sent (or to be sent); the payload is no longer needed.</summary>
    AwaitingPubComp,
}

/// <summary>An outbound QoS 1/2 message sent (or to be re-sent) and not yet acknowledged.</summary>
internal sealed class InflightMessage(ushort packetIdentifier, QueuedMessage queued)
{
    public ushort PacketIdentifier { get; } = packetIdentifier;

    public QueuedMessage Queued { get; } = queued;

    public InflightState State { get; set; } = queued.QualityOfService == MqttQualityOfService.AtLeastOnce
        ? InflightState.AwaitingPubAck
        : InflightState.AwaitingPubRec;

    /// <summary>Must be (re)written: after a reconnect, or when the output was busy.</summary>
    public bool NeedsSend { get; set; }

    /// <summary>Written at least once, so a re-send carries DUP=1 (MQTT 3.1.1 §3.3.1.1).</summary>
    public bool SentOnce { get; set; }
}
