using System.Buffers;
using NovaConsole.Mqtt.Broker.Diagnostics;
using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Sessions;

/// <summary>
/// Whether a client's RETAIN=1 message becomes the topic's retained message (MQTT 3.1.1 §3.3.1.3). Two things can say
/// no: the product (<see cref="IMqttBrokerHooks.AuthorizeRetain"/>: nobody could ever read it) and the retained-message
/// limits (<see cref="MqttBrokerOptions.MaxRetainedMessagesPerClient"/>, <see cref="MqttBrokerOptions.MaxRetainedBytes"/>).
/// Either way the message is still delivered to current subscribers; the refusal is counted and logged, at most once a
/// minute. Server publishes do not come here: they are always retained.
/// </summary>
internal sealed class RetainPolicy(IMqttBrokerHooks hooks, RetainedMessageStore store, MqttBrokerOptions options, MqttBrokerCounters counters, ILogger logger, TimeProvider time)
{
    private readonly LogLimiter _log = new(time, TimeSpan.FromMinutes(1));

    public void Retain(MqttClientContext client, ref PublishSource source)
    {
        var payload = source.Payload;
        string? why = null;
        if (!payload.IsEmpty && !MayRetain(client, source.Topic))
        {
            why = "nobody may subscribe to this topic, so a retained copy could never be read";
        }
        else
        {
            // Counted per user name where there is one: a client cannot escape the limit by changing its client id.
            var topic = source.Materialized?.Topic ?? source.Topic.ToString();
            var change = store.Set(topic, payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray(), source.QualityOfService, client.UserName ?? client.ClientId);
            why = change switch
            {
                RetainedChange.RefusedOwnerLimit => $"the client already holds {options.MaxRetainedMessagesPerClient} retained messages (Mqtt:MaxRetainedMessagesPerClient)",
                RetainedChange.RefusedTotalLimit => $"retained messages would take more than {options.MaxRetainedBytes} bytes (Mqtt:MaxRetainedBytes)",
                _ => null,
            };
            if (why is not null) TellProduct(client, topic, why);
        }

        if (why is null)
        {
            return;
        }

        counters.RetainRefused();
        if (_log.ShouldLog(out var suppressed))
        {
            MqttBrokerLog.RetainRefused(logger, client.ClientId, source.Topic.ToString(), why, suppressed);
        }
    }

    private void TellProduct(MqttClientContext client, string topic, string why)
    {
        try
        {
            hooks.OnRetainRefused(client, topic, why);
        }
        catch (Exception ex)
        {
            MqttBrokerLog.HookFailed(logger, ex, nameof(IMqttBrokerHooks.OnRetainRefused), client.ClientId);
        }
    }

    private bool MayRetain(MqttClientContext client, ReadOnlySpan<char> topic)
    {
        try
        {
            return hooks.AuthorizeRetain(client, topic);
        }
        catch (Exception ex)
        {
            MqttBrokerLog.HookFailed(logger, ex, nameof(IMqttBrokerHooks.AuthorizeRetain), client.ClientId);
            return false;
        }
    }
}
