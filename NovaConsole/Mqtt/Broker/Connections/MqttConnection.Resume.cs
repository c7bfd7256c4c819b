using NovaConsole.Mqtt.Broker.Diagnostics;
using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Broker.Sessions;

namespace NovaConsole.Mqtt.Broker.Connections;

internal sealed partial class MqttConnection
{
    /// <summary>
    /// A resumed session's subscriptions were granted to an earlier connection: ask again for this one (rules and
    /// identities change while a client is away) and drop what is refused before anything is delivered.
    /// </summary>
    private List<string> ReauthorizeSubscriptions(MqttClientContext client, MqttSession session)
    {
        var kept = new List<string>();
        foreach (var subscription in _broker.Index.GetSubscriptions(session))
        {
            bool allowed;
            try
            {
                allowed = _broker.Hooks.AuthorizeSubscribe(client, SharedFilter.MatchedPart(subscription.Filter));
            }
            catch (Exception ex)
            {
                MqttBrokerLog.HookFailed(_logger, ex, nameof(IMqttBrokerHooks.AuthorizeSubscribe), client.ClientId);
                allowed = false;
            }

            if (allowed)
            {
                kept.Add(subscription.Filter);
            }
            else if (_broker.Index.Unsubscribe(session, subscription.Filter))
            {
                session.SubscriptionRemoved();
                MqttBrokerLog.SubscriptionRevoked(_logger, client.ClientId, subscription.Filter);
            }
        }

        return kept;
    }
}
