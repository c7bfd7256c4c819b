using NovaConsole.Mqtt.Broker.Diagnostics;
using NovaConsole.Mqtt.Broker.Persistence;
using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Broker.Sessions;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Connections;

internal sealed partial class MqttConnection
{
    // Allocated on the first PUBLISH and grown to the longest topic seen: clients that only subscribe never pay for it.
    private char[] _topicChars = [];

    // Created on the first QoS 1 message whose store is still pending when the next packet may be read.
    private PendingAcknowledgements? _pendingAcks;

    /// <summary>
    /// MQTT 3.1.1 §3.3.4 and §4.3. QoS 0 is the hot path and allocates nothing: the topic is decoded into a
    /// reused buffer, authorized synchronously, and written straight from the receive buffer to subscribers.
    /// </summary>
    private ValueTask<bool> HandlePublish(in MqttFrame frame)
    {
        var publish = MqttPublishPacket.Read(frame, _version);
        if (_v5 is not null)
        {
            if (publish.Properties?.TopicAlias is not null || publish.TopicLength == 0)
            {
                publish = ResolveTopicAlias(publish);
            }

            if (publish.QualityOfService != MqttQualityOfService.AtMostOnce && !_session!.IsAwaitingRelease(publish.PacketIdentifier))
            {
                CheckReceiveMaximum();
            }
        }

        var topic = DecodeTopic(publish);
        var qos = publish.QualityOfService;
        var id = publish.PacketIdentifier;

        // §4.3.3 method A: a QoS 2 identifier not yet released is a re-send; acknowledge it again, deliver nothing.
        if (qos == MqttQualityOfService.ExactlyOnce && _session!.IsAwaitingRelease(id))
        {
            return Answer(new OutboundPacket(MqttPacketType.PubRec, id));
        }

        if (!IsPublishAllowed(topic))
        {
            // Refused, yet acknowledged as the flow requires, so the client does not retry forever (§4.3).
            // MQTT 5.0 §3.4.2.1: v5 clients learn why (0x87); Success is the short 3.1.1 form.
            var reason = _v5 is null ? MqttReasonCode.Success : MqttReasonCode.NotAuthorized;
            return qos switch
            {
                MqttQualityOfService.AtMostOnce => Continue,
                MqttQualityOfService.AtLeastOnce => Answer(new OutboundPacket(MqttPacketType.PubAck, id, Reason: reason)),
                _ => Answer(new OutboundPacket(MqttPacketType.PubRec, id, Reason: reason)),
            };
        }

        if (qos == MqttQualityOfService.AtMostOnce)
        {
            var congested = Route(publish, topic);
            var taken = NotifyPublished(publish, topic);
            if (congested is null && taken.IsCompletedSuccessfully)
            {
                taken.GetAwaiter().GetResult(); // releases a pooled source, if the hook used one
                return Continue;
            }

            return congested is null ? AwaitTakenAsync(taken) : AwaitTakenThenRoomAsync(taken, congested);
        }

        return HandleReliablePublishAsync(publish, topic.Length);
    }

    // QoS 0: the next packet is read once the product took this message (back-pressure, and order kept);
    // whether it is stored is not waited for.
    private async ValueTask<bool> AwaitTakenAsync(ValueTask<MqttMessageReceipt> taken)
    {
        try
        {
            await taken.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            MqttBrokerLog.HookFailed(_logger, ex, nameof(IMqttBrokerHooks.OnMessagePublishedAsync), _client!.ClientId);
        }

        return true;
    }

    // QoS 1: route, let the product take it, read on, PUBACK once stored (PendingAcknowledgements keeps the order).
    // QoS 2: let the product store it, route, keep the identifier, then PUBREC. A failed hook or store closes
    // without acknowledging, so the client re-sends later and nothing was delivered twice.
    private async ValueTask<bool> HandleReliablePublishAsync(MqttPublishPacket publish, int topicLength)
    {
        var qos = publish.QualityOfService;
        List<MqttSession>? congested = null;
        var recorded = BrokerStateJournal.RecordedOnThisThread;
        if (qos == MqttQualityOfService.AtLeastOnce)
        {
            congested = Route(publish, _topicChars.AsSpan(0, topicLength));
            recorded = BrokerStateJournal.RecordedOnThisThread - recorded;
        }

        Task? stored;
        try
        {
            stored = (await NotifyPublished(publish, _topicChars.AsSpan(0, topicLength)).ConfigureAwait(false)).Stored;
            if (qos == MqttQualityOfService.ExactlyOnce && stored is not null)
            {
                await stored.ConfigureAwait(false);
            }

            stored = AlsoStateWritten(stored, qos == MqttQualityOfService.AtLeastOnce && recorded != 0);
        }
        catch (Exception ex)
        {
            StoreFailed(ex);
            return false;
        }

        if (qos == MqttQualityOfService.AtLeastOnce)
        {
            if ((stored is null || stored.IsCompletedSuccessfully) && (_pendingAcks is null || _pendingAcks.IsIdle))
            {
                await _output.WriteAsync(new OutboundPacket(MqttPacketType.PubAck, publish.PacketIdentifier)).ConfigureAwait(false);
            }
            else
            {
                if (_pendingAcks is null)
                {
                    Volatile.Write(ref _pendingAcks, new PendingAcknowledgements(_output, _broker.Options.MaxPendingAcknowledgements, StoreFailed));
                }

                await _pendingAcks.AddAsync(publish.PacketIdentifier, stored ?? Task.CompletedTask).ConfigureAwait(false);
            }

            return congested is null || await WaitForRoomAsync(congested).ConfigureAwait(false);
        }

        recorded = BrokerStateJournal.RecordedOnThisThread;
        congested = Route(publish, _topicChars.AsSpan(0, topicLength));
        _session!.AwaitRelease(publish.PacketIdentifier);
        if (BrokerStateJournal.RecordedOnThisThread != recorded && !await StateWrittenAsync().ConfigureAwait(false))
        {
            return false;
        }

        await _output.WriteAsync(new OutboundPacket(MqttPacketType.PubRec, publish.PacketIdentifier)).ConfigureAwait(false);
        return congested is null || await WaitForRoomAsync(congested).ConfigureAwait(false);
    }

    private void StoreFailed(Exception ex)
    {
        MqttBrokerLog.HookFailed(_logger, ex, nameof(IMqttBrokerHooks.OnMessagePublishedAsync), _client!.ClientId);
        Abort(MqttDisconnectReason.ServerKick);
    }

    private ReadOnlySpan<char> DecodeTopic(in MqttPublishPacket publish)
    {
        // UTF-8 never has fewer bytes than UTF-16 code units, so the byte length is enough room.
        if (_topicChars.Length < publish.TopicLength)
        {
            _topicChars = new char[Math.Max(publish.TopicLength, Math.Max(64, _topicChars.Length * 2))];
        }

        return _topicChars.AsSpan(0, publish.DecodeTopicTo(_topicChars));
    }

    private bool IsPublishAllowed(ReadOnlySpan<char> topic)
    {
        string? why = null;
        if (topic[0] == '$')
        {
            // '$' topics belong to the server (§4.7.2); clients may read $SYS but not write it.
            why = "'$' topics are reserved for the server";
        }
        else if (TopicName.Validate(topic, _broker.TopicLimits) is var error && error != TopicError.None)
        {
            why = error.Describe();
        }
        else if (!Authorize(_client!, topic))
        {
            why = "not authorized";
        }

        if (why is null)
        {
            return true;
        }

        _broker.Counters.PublishRefused();
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            MqttBrokerLog.PublishRefused(_logger, _client!.ClientId, topic.ToString(), why);
        }

        return false;
    }

    private bool Authorize(MqttClientContext client, ReadOnlySpan<char> topic)
    {
        try
        {
            return _broker.Hooks.AuthorizePublish(client, topic);
        }
        catch (Exception ex)
        {
            MqttBrokerLog.HookFailed(_logger, ex, nameof(IMqttBrokerHooks.AuthorizePublish), client.ClientId);
            return false;
        }
    }

    // Returns the sessions whose queue this message filled (back-pressure), or null.
    private List<MqttSession>? Route(in MqttPublishPacket publish, ReadOnlySpan<char> topic)
    {
        var source = _v5 is null
            ? new PublishSource(topic, publish.Topic, publish.Payload, publish.QualityOfService)
            : ForwardV5(topic, publish);
        if (publish.Retain)
        {
            _broker.Retainer.Retain(_client!, ref source);
        }

        _broker.Router.Route(ref source, _matches ??= new());
        return source.Congested;
    }

    private ValueTask<MqttMessageReceipt> NotifyPublished(in MqttPublishPacket publish, ReadOnlySpan<char> topic)
    {
        try
        {
            var message = new MqttPublishedMessage(topic, publish.Payload, publish.QualityOfService, publish.Retain) { Properties = publish.Properties };
            return _broker.Hooks.OnMessagePublishedAsync(_client!, message);
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<MqttMessageReceipt>(ex);
        }
    }

    // A will is published as the connection closes: nobody waits for it, failures are logged.
    private async Task ObserveAsync(ValueTask<MqttMessageReceipt> pending, string clientId)
    {
        try
        {
            var receipt = await pending.ConfigureAwait(false);
            if (receipt.Stored is { } stored)
            {
                await stored.ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            MqttBrokerLog.HookFailed(_logger, ex, nameof(IMqttBrokerHooks.OnMessagePublishedAsync), clientId);
        }
    }

    /// <summary>Publishes the will like a PUBLISH from this client (authorized the same way), §3.1.2.5.</summary>
    private void PublishWill(MqttClientContext client, MqttWill will)
    {
        if (!IsPublishAllowed(will.Topic))
        {
            return;
        }

        var message = new MqttApplicationMessage(will.Topic, will.Payload, will.QualityOfService)
        {
            Properties = ForwardableProperties(will.Properties),
            ExpiresAt = ExpiryOf(will.Properties),
        };
        var source = new PublishSource(message);
        if (will.Retain)
        {
            _broker.Retainer.Retain(client, ref source);
        }

        _broker.Router.Route(ref source, _matches ??= new());
        MqttBrokerLog.WillPublished(_logger, client.ClientId, will.Topic);
        ValueTask<MqttMessageReceipt> notified;
        try
        {
            notified = _broker.Hooks.OnMessagePublishedAsync(
                client, new MqttPublishedMessage(will.Topic, source.Payload, will.QualityOfService, will.Retain));
        }
        catch (Exception ex)
        {
            notified = ValueTask.FromException<MqttMessageReceipt>(ex);
        }

        _ = ObserveAsync(notified, client.ClientId);
    }
}
