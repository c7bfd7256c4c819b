using System.Buffers;
using NovaConsole.Mqtt.Broker.Diagnostics;
using NovaConsole.Mqtt.Broker.Sessions;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Connections;

/// <summary>MQTT 5.0 only: negotiation in CONNECT/CONNACK, topic aliases, receive maximum, and the server's DISCONNECT.</summary>
internal sealed partial class MqttConnection
{
    // A reason string is for people; keep it short so it never makes a DISCONNECT large.
    private const int MaxReasonStringLength = 200;

    /// <summary>MQTT 5.0 §3.1.2.11: what the client asked for, and the session expiry after our cap.</summary>
    private MqttV5State CreateV5State(MqttConnectPacket connect)
    {
        var properties = connect.Properties;
        return new MqttV5State
        {
            ClientReceiveMaximum = properties?.ReceiveMaximum ?? ushort.MaxValue,
            ClientMaximumPacketSize = properties?.MaximumPacketSize ?? uint.MaxValue,
            SessionExpiryInterval = CapSessionExpiry(properties?.SessionExpiryInterval ?? 0),
        };
    }

    // The broker's PersistentSessionExpiryHours caps what a client asks for (0 = no cap).
    private uint CapSessionExpiry(uint requested)
    {
        var hours = _broker.Options.PersistentSessionExpiryHours;
        return hours == 0 ? requested : Math.Min(requested, (uint)hours * 3600);
    }

    /// <summary>MQTT 5.0 §3.2.2.3: what the server supports and what it decided for this client.</summary>
    private MqttProperties ConnAckProperties(MqttConnectPacket connect, string? assignedClientId)
    {
        var properties = new MqttProperties
        {
            ReceiveMaximum = (ushort)Math.Clamp(_broker.Options.MaxPendingAcknowledgements, 1, ushort.MaxValue),
            MaximumPacketSize = (uint)_broker.Options.MaxPacketSize,
            TopicAliasMaximum = MqttV5State.TopicAliasMaximum,
            RetainAvailable = 1,
            WildcardSubscriptionAvailable = 1,
            SubscriptionIdentifierAvailable = 1,
            SharedSubscriptionAvailable = 1,
            AssignedClientIdentifier = assignedClientId,
        };

        // §3.2.2.3.2: the server tells the client when it uses a different session expiry than asked.
        var requested = connect.Properties?.SessionExpiryInterval ?? 0;
        if (requested != _v5!.SessionExpiryInterval)
        {
            properties.SessionExpiryInterval = _v5.SessionExpiryInterval;
        }

        return properties;
    }

    /// <summary>Session state MQTT 5 negotiates: expiry (§3.1.2.11.2) and the client's receive maximum (§4.9).</summary>
    private void ApplyToSession(MqttSession session)
    {
        var v5 = _v5!;
        session.IsPersistent = v5.SessionExpiryInterval > 0;
        session.ExpiryInterval = v5.SessionExpiryInterval == uint.MaxValue ? null : TimeSpan.FromSeconds(v5.SessionExpiryInterval);
        session.ReceiveMaximum = v5.ClientReceiveMaximum;
    }

    /// <summary>MQTT 5.0 §3.14.4: the client's DISCONNECT; 0x04 keeps the will, a session expiry may be changed.</summary>
    private void ClientDisconnectV5(MqttDisconnectPacket packet)
    {
        var v5 = _v5!;
        v5.WillOnDisconnect = packet.ReasonCode == MqttReasonCode.DisconnectWithWillMessage;
        if (packet.Properties?.SessionExpiryInterval is { } expiry)
        {
            if (v5.SessionExpiryInterval == 0 && expiry != 0)
            {
                // [MQTT-3.14.2-2]: from 0 at CONNECT to non-zero at DISCONNECT is a Protocol Error.
                throw MqttProtocolException.Protocol("DISCONNECT sets a Session Expiry Interval after CONNECT had 0 (MQTT 5.0 §3.14.2.2.2).");
            }

            v5.SessionExpiryInterval = CapSessionExpiry(expiry);
            ApplyToSession(_session!);
        }
    }

    /// <summary>
    /// MQTT 5.0 §3.3.2.3.4 topic alias from the client: 1..our maximum; a topic with an alias binds it, an empty topic
    /// uses it. An alias outside the range is 0x94, an empty topic without a known alias a Protocol Error.
    /// </summary>
    private MqttPublishPacket ResolveTopicAlias(in MqttPublishPacket publish)
    {
        var aliases = _v5!.InboundAliases;
        if (publish.Properties?.TopicAlias is not { } alias)
        {
            throw MqttProtocolException.Protocol("PUBLISH with an empty topic name and no Topic Alias (MQTT 5.0 §3.3.2.1).");
        }

        if (alias == 0 || alias > aliases.Length)
        {
            // [MQTT-3.3.2-8], [MQTT-3.3.2-9]
            throw MqttProtocolException.Protocol(MqttReasonCode.TopicAliasInvalid, $"Topic Alias {alias} is outside 1..{aliases.Length} (MQTT 5.0 §3.3.2.3.4).");
        }

        if (publish.TopicLength > 0)
        {
            aliases[alias - 1] = publish.Topic.ToArray();
            return publish;
        }

        var topic = aliases[alias - 1]
            ?? throw MqttProtocolException.Protocol($"Topic Alias {alias} was never set (MQTT 5.0 §3.3.2.3.4).");
        return new MqttPublishPacket(
            new ReadOnlySequence<byte>(topic), publish.Payload, publish.QualityOfService, publish.Retain, publish.Dup, publish.PacketIdentifier, publish.Properties);
    }

    /// <summary>MQTT 5.0 §3.3.4 [MQTT-3.3.4-9]: more unacknowledged QoS 1/2 PUBLISHes than our Receive Maximum is 0x93.</summary>
    private void CheckReceiveMaximum()
    {
        var unacknowledged = _session!.AwaitingReleaseCount + (_pendingAcks?.Count ?? 0);
        var maximum = Math.Clamp(_broker.Options.MaxPendingAcknowledgements, 1, ushort.MaxValue);
        if (unacknowledged >= maximum)
        {
            throw MqttProtocolException.Protocol(
                MqttReasonCode.ReceiveMaximumExceeded, $"More than {maximum} QoS 1/2 messages unacknowledged (MQTT 5.0 §3.3.4).");
        }
    }

    /// <summary>
    /// MQTT 5.0 §3.3.2.3: what a v5 PUBLISH carries on to subscribers, unaltered [MQTT-3.3.2-4], [MQTT-3.3.2-16..20];
    /// the publisher (No Local) and its RETAIN flag (Retain As Published) go with it.
    /// </summary>
    private PublishSource ForwardV5(ReadOnlySpan<char> topic, in MqttPublishPacket publish) =>
        new(topic, publish.Topic, publish.Payload, publish.QualityOfService)
        {
            Properties = ForwardableProperties(publish.Properties),
            Publisher = _session,
            Retain = publish.Retain,
            ExpiresAt = ExpiryOf(publish.Properties),
        };

    // The topic alias belongs to this connection and subscription identifiers to the receiver's subscriptions
    // ([MQTT-3.3.4-6]: a client sends none): neither is forwarded. The packet's own instance is reused.
    private static MqttProperties? ForwardableProperties(MqttProperties? properties)
    {
        if (properties is null)
        {
            return null;
        }

        properties.TopicAlias = null;
        properties.SubscriptionIdentifiers = null;
        properties.WillDelayInterval = null;
        return properties.PayloadFormatIndicator is null && properties.MessageExpiryInterval is null && properties.ContentType is null
            && properties.ResponseTopic is null && properties.CorrelationData is null && properties.UserProperties is null
            ? null
            : properties;
    }

    private long ExpiryOf(MqttProperties? properties) => properties?.MessageExpiryInterval is { } seconds
        ? _broker.Time.GetTimestamp() + (long)(seconds * (double)_broker.Time.TimestampFrequency)
        : 0;

    /// <summary>
    /// MQTT 5.0 §3.1.3.2.2 Will Delay Interval: the will waits for the delay, or for the session's end if that comes
    /// first, and is not sent at all when the client connects again meanwhile [MQTT-3.1.3-9]. False: publish it now.
    /// </summary>
    private bool TryDelayWill(MqttClientContext client, MqttWill will)
    {
        if (_v5 is null || will.Properties?.WillDelayInterval is not { } delay || delay == 0 || _v5.SessionExpiryInterval == 0)
        {
            return false;
        }

        _ = PublishWillLaterAsync(client, will, TimeSpan.FromSeconds(Math.Min(delay, _v5.SessionExpiryInterval)));
        return true;
    }

    private async Task PublishWillLaterAsync(MqttClientContext client, MqttWill will, TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, _broker.Time).ConfigureAwait(false);
            if (_broker.Sessions.Find(client.ClientId)?.Connection is null && !_broker.IsStopping)
            {
                PublishWill(client, will);
            }
        }
        catch (Exception ex)
        {
            MqttBrokerLog.HookFailed(_logger, ex, nameof(IMqttBrokerHooks.OnMessagePublishedAsync), client.ClientId);
        }
    }

    /// <summary>MQTT 5.0 §3.14: the server says why it closes a connected client, then closes (no DISCONNECT before CONNACK).</summary>
    private void SendServerDisconnect(MqttV5State v5, MqttDisconnectReason reason)
    {
        if (reason is MqttDisconnectReason.ClientDisconnect or MqttDisconnectReason.TransportClosed && v5.DisconnectReason is null)
        {
            return;
        }

        var code = v5.DisconnectReason ?? MqttV5State.ReasonFor(reason);
        string? text = v5.DisconnectReasonString ?? MqttV5State.DescribeReason(reason);
        if (text.Length > MaxReasonStringLength)
        {
            text = text[..MaxReasonStringLength];
        }

        // [MQTT-3.14.2-4]: no reason string that would make the DISCONNECT larger than the client accepts.
        var withText = 2 + 1 + 1 + 1 + 2 + System.Text.Encoding.UTF8.GetByteCount(text) + 1;
        if (withText > v5.ClientMaximumPacketSize)
        {
            text = null;
        }

        if (!_output.TryWrite(OutboundPacket.Disconnect(code, text)))
        {
            MqttBrokerLog.TransportEnded(_logger, _info.ConnectionId, "DISCONNECT could not be written");
        }
    }
}
