using System.Buffers;
using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Sessions;

/// <summary>Routes one application message to the matching sessions and keeps retained messages.</summary>
internal sealed class MessageRouter(SubscriptionIndex<MqttSession> index, RetainedMessageStore retained)
{
    /// <summary>
    /// Delivers to every session with a matching subscription, once per session at the highest QoS granted
    /// among its matching filters (MQTT 3.1.1 §3.3.5 allows this; the index already merges overlaps), capped at
    /// the published QoS (§3.8.4). RETAIN is 0 on these deliveries [MQTT-3.3.1-9]. Returns the session count.
    /// </summary>
    public int Route(ref PublishSource source, SubscriberMatches<MqttSession> matches)
    {
        index.Match(source.Topic, matches);
        var count = matches.Count;
        var items = matches.Items;
        for (var i = 0; i < items.Length; i++)
        {
            var options = items[i].Options;
            if ((options & SubscriptionOptions.NoLocal) != 0 && ReferenceEquals(items[i].Subscriber, source.Publisher))
            {
                count--; // MQTT 5.0 [MQTT-3.8.3-3]
                continue;
            }

            var qos = items[i].Qos < source.QualityOfService ? items[i].Qos : source.QualityOfService;
            var retain = (options & SubscriptionOptions.RetainAsPublished) != 0 && source.Retain; // MQTT 5.0 §3.8.3.1
            if (items[i].SubscriptionIds is { } ids)
            {
                DeliverWithIdentifiers(ref source, items[i].Subscriber, qos, retain, ids);
                continue;
            }

            items[i].Subscriber.Deliver(ref source, qos, retain);
        }

        if (!matches.Shared.IsEmpty)
        {
            count += SharedDelivery.Deliver(ref source, matches.Shared);
        }

        // Do not keep sessions reachable from an idle connection's buffer.
        matches.Clear();
        return count;
    }

    /// <summary>
    /// MQTT 3.1.1 §3.3.1.3: RETAIN=1 stores (or, with an empty payload, clears) the topic's message. For the server's
    /// own publishes: clients' messages go through <see cref="RetainPolicy"/>.
    /// </summary>
    public void Retain(ref PublishSource source)
    {
        var topic = source.Materialized?.Topic ?? source.Topic.ToString();
        var payload = source.Payload;
        retained.Set(topic, payload.IsSingleSegment ? payload.FirstSpan : BuffersExtensions.ToArray(payload), source.QualityOfService);
    }

    /// <summary>Sends the retained messages a new (or replaced) subscription matches, with RETAIN=1 [MQTT-3.3.1-8].</summary>
    public void SendRetained(MqttSession session, string filter, MqttQualityOfService granted, List<RetainedMessage> scratch, int subscriptionId = 0)
    {
        scratch.Clear();
        retained.FindMatching(filter, scratch);
        foreach (var message in scratch)
        {
            var source = new PublishSource(new MqttApplicationMessage(message.Topic, message.Payload, message.Qos));
            var qos = message.Qos < granted ? message.Qos : granted;
            if (subscriptionId != 0)
            {
                DeliverWithIdentifiers(ref source, session, qos, retain: true, [subscriptionId]);
                continue;
            }

            session.Deliver(ref source, qos, retain: true);
        }

        scratch.Clear();
    }

    // MQTT 5.0 [MQTT-3.3.4-3]: this subscriber's copy carries its subscription identifiers, so it gets its own
    // properties (and its own stored copy); everyone else keeps sharing the original. MQTT 5 only: 3.1.x has no ids.
    private static void DeliverWithIdentifiers(ref PublishSource source, MqttSession subscriber, MqttQualityOfService qos, bool retain, List<int> ids)
    {
        var properties = source.Properties?.Clone() ?? new MqttProperties();
        properties.SubscriptionIdentifiers = ids;
        // A stored message (server publish, retained) keeps its "delivered" callback through the copy.
        var copy = source.Materialized is { } original
            ? new PublishSource(new MqttApplicationMessage(original.Topic, original.Payload, original.QualityOfService)
            {
                Properties = properties,
                ExpiresAt = original.ExpiresAt,
                Delivered = original.NotifyDelivered,
            })
            {
                Publisher = source.Publisher,
                Retain = source.Retain,
            }
            : new PublishSource(source.Topic, source.TopicUtf8, source.Payload, source.QualityOfService)
            {
                Properties = properties,
                Publisher = source.Publisher,
                Retain = source.Retain,
                ExpiresAt = source.ExpiresAt,
            };
        subscriber.Deliver(ref copy, qos, retain);
    }
}
