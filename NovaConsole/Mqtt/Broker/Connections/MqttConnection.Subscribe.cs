using NovaConsole.Mqtt.Broker.Diagnostics;
using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Connections;

internal sealed partial class MqttConnection
{
    private List<RetainedMessage>? _retainedScratch;

    /// <summary>
    /// MQTT 3.1.1 §3.8.4: one return code per filter, in order; a filter that is invalid, longer than
    /// <see cref="MqttBrokerOptions.MaxTopicFilterLength"/>, refused by the hooks or over
    /// <see cref="MqttBrokerOptions.MaxSubscriptionsPerClient"/> gets 0x80 and the others still apply. Retained
    /// messages follow the SUBACK, for new subscriptions and for replaced ones alike [MQTT-3.8.4-3].
    /// </summary>
    private async ValueTask<bool> HandleSubscribeAsync(MqttSubscribePacket packet)
    {
        var session = _session!;
        var client = _client!;
        // MQTT 5.0 §3.8.2.1.2: one identifier for every filter of this SUBSCRIBE; 0 (none) replaces an earlier one.
        var subscriptionId = packet.Properties?.SubscriptionIdentifiers is [var id] ? id : 0;
        var codes = new MqttSubscribeReturnCode[packet.Subscriptions.Count];
        var isNew = new bool[codes.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = Subscribe(client, packet.Subscriptions[i], subscriptionId, out isNew[i]);
        }

        await _output.WriteAsync(new OutboundPacket(MqttPacketType.SubAck, packet.PacketIdentifier, new MqttSubAckPacket(packet.PacketIdentifier, codes)))
            .ConfigureAwait(false);

        _retainedScratch ??= [];
        for (var i = 0; i < codes.Length; i++)
        {
            // MQTT 5.0 §3.8.3.1 Retain Handling: 0 always, 1 only for a new subscription, 2 never [MQTT-3.3.1-9..11].
            var retainHandling = packet.Subscriptions[i].RetainHandling;
            // MQTT 5.0 §4.8.2: retained messages are not sent for a shared subscription.
            if ((byte)codes[i] < 0x80 && (retainHandling == 0 || (retainHandling == 1 && isNew[i]))
                && !SharedFilter.IsShared(packet.Subscriptions[i].TopicFilter))
            {
                _broker.Router.SendRetained(session, packet.Subscriptions[i].TopicFilter, (MqttQualityOfService)codes[i], _retainedScratch, subscriptionId);
            }

            if ((byte)codes[i] < 0x80)
            {
                Subscribed(client, packet.Subscriptions[i].TopicFilter);
            }
        }

        return true;
    }

    private MqttSubscribeReturnCode Subscribe(MqttClientContext client, MqttTopicSubscription subscription, int subscriptionId, out bool isNew)
    {
        var session = _session!;
        var filter = subscription.TopicFilter;
        isNew = false;
        string? why = null;
        var code = MqttReasonCode.UnspecifiedError;
        // MQTT 5.0 §4.8.2: $share/{group}/{filter} is checked, authorized and matched by the filter inside it.
        var matched = SharedFilter.MatchedPart(filter);
        if (SharedFilter.IsShared(filter) && !SharedFilter.TryParse(filter, out _, out _))
        {
            (why, code) = ("a shared subscription needs a share name without wildcards and a filter", MqttReasonCode.TopicFilterInvalid);
        }
        else if (TopicFilter.Validate(matched, _broker.FilterLimits) is var error && error != TopicError.None)
        {
            (why, code) = (error.Describe(), MqttReasonCode.TopicFilterInvalid);
        }
        else if (!AuthorizeSubscribe(client, matched))
        {
            (why, code) = ("not authorized", MqttReasonCode.NotAuthorized);
        }
        else if (session.SubscriptionCount >= _broker.Options.MaxSubscriptionsPerClient && !IsSubscribed(filter))
        {
            (why, code) = ($"the limit of {_broker.Options.MaxSubscriptionsPerClient} subscriptions is reached", MqttReasonCode.QuotaExceeded);
        }

        if (why is not null)
        {
            _broker.Counters.SubscriptionRefused();
            MqttBrokerLog.SubscribeRefused(_logger, client.ClientId, filter, why);

            // MQTT 5.0 §3.9.3: a v5 client is told which refusal it was.
            return _v5 is null ? MqttSubscribeReturnCode.Failure : (MqttSubscribeReturnCode)code;
        }

        // We support every QoS, so the granted QoS is the requested one (§3.9.3).
        var options = (subscription.NoLocal ? SubscriptionOptions.NoLocal : SubscriptionOptions.None)
            | (subscription.RetainAsPublished ? SubscriptionOptions.RetainAsPublished : SubscriptionOptions.None);
        if (_broker.Index.Subscribe(session, filter, subscription.QualityOfService, options, subscriptionId))
        {
            session.SubscriptionAdded();
            isNew = true;
        }
        else
        {
            session.SubscriptionsChanged(); // the same filter with another QoS
        }

        return (MqttSubscribeReturnCode)subscription.QualityOfService;
    }

    private bool IsSubscribed(string filter)
    {
        foreach (var existing in _broker.Index.GetSubscriptions(_session!))
        {
            if (existing.Filter == filter)
            {
                return true;
            }
        }

        return false;
    }

    private void Subscribed(MqttClientContext client, string filter)
    {
        try
        {
            _broker.Hooks.OnSubscribed(client, filter);
        }
        catch (Exception ex)
        {
            MqttBrokerLog.HookFailed(_logger, ex, nameof(IMqttBrokerHooks.OnSubscribed), client.ClientId);
        }
    }

    private bool AuthorizeSubscribe(MqttClientContext client, string filter)
    {
        try
        {
            return _broker.Hooks.AuthorizeSubscribe(client, filter);
        }
        catch (Exception ex)
        {
            MqttBrokerLog.HookFailed(_logger, ex, nameof(IMqttBrokerHooks.AuthorizeSubscribe), client.ClientId);
            return false;
        }
    }

    /// <summary>MQTT 3.1.1 §3.10.4: remove what exists, ignore what does not, always answer UNSUBACK.</summary>
    private ValueTask<bool> HandleUnsubscribe(MqttUnsubscribePacket packet)
    {
        var session = _session!;
        var codes = _v5 is null ? null : new MqttReasonCode[packet.TopicFilters.Count];
        for (var i = 0; i < packet.TopicFilters.Count; i++)
        {
            var removed = _broker.Index.Unsubscribe(session, packet.TopicFilters[i]);
            if (removed)
            {
                session.SubscriptionRemoved();
            }

            // MQTT 5.0 §3.11.3: one reason code per filter, 0x11 where nothing was subscribed.
            codes?[i] = removed ? MqttReasonCode.Success : MqttReasonCode.NoSubscriptionExisted;
        }

        return Answer(new OutboundPacket(MqttPacketType.UnsubAck, packet.PacketIdentifier, ReasonCodes: codes));
    }
}
