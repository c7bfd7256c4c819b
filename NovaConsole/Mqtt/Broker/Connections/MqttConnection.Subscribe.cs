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
        var codes = new MqttSubscribeReturnCode[packet.Subscriptions.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = Subscribe(client, packet.Subscriptions[i]);
        }

        await _output.WriteAsync(new OutboundPacket(MqttPacketType.SubAck, packet.PacketIdentifier, new MqttSubAckPacket(packet.PacketIdentifier, codes)))
            .ConfigureAwait(false);

        _retainedScratch ??= [];
        for (var i = 0; i < codes.Length; i++)
        {
            if (codes[i] != MqttSubscribeReturnCode.Failure)
            {
                _broker.Router.SendRetained(session, packet.Subscriptions[i].TopicFilter, (MqttQualityOfService)codes[i], _retainedScratch);
                Subscribed(client, packet.Subscriptions[i].TopicFilter);
            }
        }

        return true;
    }

    private MqttSubscribeReturnCode Subscribe(MqttClientContext client, MqttTopicSubscription subscription)
    {
        var session = _session!;
        var filter = subscription.TopicFilter;
        string? why = null;
        if (TopicFilter.Validate(filter, _broker.FilterLimits) is var error && error != TopicError.None)
        {
            why = error.Describe();
        }
        else if (!AuthorizeSubscribe(client, filter))
        {
            why = "not authorized";
        }
        else if (session.SubscriptionCount >= _broker.Options.MaxSubscriptionsPerClient && !IsSubscribed(filter))
        {
            why = $"the limit of {_broker.Options.MaxSubscriptionsPerClient} subscriptions is reached";
        }

        if (why is not null)
        {
            _broker.Counters.SubscriptionRefused();
            MqttBrokerLog.SubscribeRefused(_logger, client.ClientId, filter, why);
            return MqttSubscribeReturnCode.Failure;
        }

        // We support every QoS, so the granted QoS is the requested one (§3.9.3).
        if (_broker.Index.Subscribe(session, filter, subscription.QualityOfService))
        {
            session.SubscriptionAdded();
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
        foreach (var filter in packet.TopicFilters)
        {
            if (_broker.Index.Unsubscribe(session, filter))
            {
                session.SubscriptionRemoved();
            }
        }

        return Answer(new OutboundPacket(MqttPacketType.UnsubAck, packet.PacketIdentifier));
    }
}
