using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Broker.Sessions;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Persistence;

/// <summary>
/// The one place a subscription becomes a stored row and back: the filter is its own column, everything else (today the
/// granted QoS) goes into the <c>options</c> blob, led by a format byte. A new subscription field (MQTT 5 subscription
/// options, identifiers) is an edit here: write it after the existing bytes and bump the format; older rows still read.
/// </summary>
internal static class SubscriptionRecord
{
    private const byte Format1 = 1;

    public static byte[] Options(in SubscriptionInfo subscription) => [Format1, (byte)subscription.Qos];

    /// <summary>False for a blob this version cannot read (a newer format, or damaged): the subscription is skipped.</summary>
    public static bool TryRead(string filter, ReadOnlySpan<byte> options, out SubscriptionInfo subscription)
    {
        subscription = default;
        if (options.Length < 2 || options[0] < Format1 || options[1] > 2)
        {
            return false;
        }

        subscription = new SubscriptionInfo(filter, (MqttQualityOfService)options[1]);
        return true;
    }

    /// <summary>Puts a restored subscription back into the index, as a SUBSCRIBE would have.</summary>
    public static void Restore(SubscriptionIndex<MqttSession> index, MqttSession session, in SubscriptionInfo subscription)
    {
        if (TopicFilter.Validate(subscription.Filter, TopicLimits.Default) == TopicError.None &&
            index.Subscribe(session, subscription.Filter, subscription.Qos))
        {
            session.SubscriptionAdded();
        }
    }
}
