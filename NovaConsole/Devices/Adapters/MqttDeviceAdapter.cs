using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using NovaConsole.Devices.Presence;
using NovaConsole.Devices.Traffic;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Broker.Access;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Devices.Adapters;

/// <summary>
/// The broker's hooks for the product. A client with a user name is a device (user name = device id,
/// password = device key, seed 004 §2.3) confined to its own topics under both seeds; a client without
/// credentials is governed by the anonymous-mode rules when <c>Mqtt:AllowAnonymous</c> is on.
/// </summary>
internal sealed class MqttDeviceAdapter(
    DeviceAuthenticator authenticator,
    MqttDeviceMessages messages,
    DevicePresence presence,
    DeviceTraffic traffic,
    PlatformCloseReasons closeReasons,
    MqttDeviceConnections connections,
    MqttOtaTransport ota,
    ILogger<MqttDeviceAdapter> logger,
    IOptions<MqttBrokerOptions> brokerOptions,
    AccessRuleSet anonymousRules) : IMqttBrokerHooks
{
    private readonly AnonymousBrokerHooks _anonymous = new(brokerOptions, anonymousRules);

    public async ValueTask<MqttAuthResult> AuthenticateAsync(MqttConnectRequest request)
    {
        if (request.UserName is null) return await _anonymous.AuthenticateAsync(request);
        var key = request.Password is { } password ? Encoding.UTF8.GetString(password.Span) : null;
        var result = await authenticator.AuthenticateAsync(request.UserName, key, Address(request.RemoteEndPoint), request.ConnectionAborted);
        return result.Status switch
        {
            DeviceAuthStatus.Succeeded => Accept(new MqttDeviceIdentity(result.DeviceId!)),
            DeviceAuthStatus.Disabled or DeviceAuthStatus.Throttled => MqttAuthResult.NotAuthorized,
            _ => MqttAuthResult.BadUserNameOrPassword,
        };
    }

    private static MqttAuthResult Accept(MqttDeviceIdentity device) => MqttAuthResult.Accept(device, sessionOwner: device.SessionOwner);

    public bool AuthorizePublish(MqttClientContext client, ReadOnlySpan<char> topic)
    {
        if (client.Identity is not MqttDeviceIdentity device) return _anonymous.AuthorizePublish(client, topic);
        if (DeviceTopics.Classify(topic, device.DeviceId, out _) != DeviceTopicKind.Refused) return true;
        Refused(device.DeviceId, topic.ToString(), "publish refused: not one of this device's topics");
        return false;
    }

    public bool AuthorizeSubscribe(MqttClientContext client, string topicFilter)
    {
        if (client.Identity is not MqttDeviceIdentity device) return _anonymous.AuthorizeSubscribe(client, topicFilter);
        if (DeviceTopics.MaySubscribe(topicFilter, device.DeviceId)) return true;
        Refused(device.DeviceId, topicFilter, DeviceTopics.MaySubscribe(topicFilter, device.DeviceId, StringComparison.OrdinalIgnoreCase)
            ? $"subscribe refused: write the device id in the topic exactly as registered ({device.DeviceId}); commands are published to that spelling"
            : "subscribe refused: not one of this device's topics");
        return false;
    }

    /// <summary>
    /// A device publishes only to its own upload topics (seed 000 §4.1, seed 004 §2.4/§2.6), and no device may subscribe
    /// to those: a retained copy could only ever be read by an anonymous client, where the anonymous rules allow one.
    /// </summary>
    public bool AuthorizeRetain(MqttClientContext client, ReadOnlySpan<char> topic)
    {
        if (_anonymous.AuthorizeRetain(client, topic)) return true;
        if (client.Identity is MqttDeviceIdentity device)
        {
            Refused(device.DeviceId, topic.ToString(), "retain refused: nobody may subscribe to this device's upload topics; the message itself is taken");
        }
        return false;
    }

    /// <summary>A retained-message limit refused a device's retained copy: shown in its live messages like the other refusals.</summary>
    public void OnRetainRefused(MqttClientContext client, string topic, string reason)
    {
        if (client.Identity is MqttDeviceIdentity device) Refused(device.DeviceId, topic, $"retain refused: {reason}; the message itself is taken");
    }

    public ValueTask<MqttMessageReceipt> OnMessagePublishedAsync(MqttClientContext client, in MqttPublishedMessage message)
    {
        if (client.Identity is not MqttDeviceIdentity device) return MqttMessageReceipt.Taken;
        var kind = DeviceTopics.Classify(message.Topic, device.DeviceId, out var messageId);
        if (traffic.IsWatched(device.DeviceId))
        {
            traffic.Record(new TrafficEntry(device.DeviceId, DateTimeOffset.UtcNow, TrafficDirection.FromDevice, Transport(client),
                message.Topic.ToString(), Encoding.UTF8.GetString(message.Payload)));
        }
        // The payload is a slice of the receive buffer: everything is read from it here, before any await.
        var durable = message.QualityOfService != MqttQualityOfService.AtMostOnce;
        return messages.HandleAsync(device.DeviceId, kind, messageId.ToString(), message.Payload.ToArray(), durable,
            MqttCommandPayloads.CorrelatedCommandId(message.Properties));
    }

    public void OnSubscribed(MqttClientContext client, string topicFilter)
    {
        if (client.Identity is MqttDeviceIdentity device && DeviceTopics.IsOtaInform(topicFilter, device.DeviceId))
        {
            ota.Subscribed(device.DeviceId, client.ConnectionId, topicFilter);
        }
    }

    public void OnClientConnected(MqttClientContext client)
    {
        if (client.Identity is MqttDeviceIdentity device)
        {
            presence.SessionOpened(device.DeviceId, SessionId(client), Transport(client), Address(client.RemoteEndPoint));
            connections.Opened(device.DeviceId, client);
        }
    }

    public void OnSessionOwnerConflict(MqttClientContext client, string? sessionOwner)
    {
        if (client.Identity is not MqttDeviceIdentity device) return;
        var owner = sessionOwner ?? "an anonymous client";
        DevicesLog.ForeignClientId(logger, device.DeviceId, client.ClientId, owner);
        Refused(device.DeviceId, client.ClientId, $"connect refused: client id '{client.ClientId}' belongs to another device's session");
        if (sessionOwner is not null && sessionOwner.StartsWith("device:", StringComparison.Ordinal))
        {
            Refused(sessionOwner["device:".Length..], client.ClientId,
                $"another device ({device.DeviceId}) tried to connect with this device's client id '{client.ClientId}'; refused");
        }
    }

    public void OnClientDisconnected(MqttClientContext client, MqttDisconnectReason reason)
    {
        if (client.Identity is MqttDeviceIdentity device)
        {
            connections.Closed(device.DeviceId, client);
            ota.Closed(device.DeviceId, client.ConnectionId);
            var platformReason = reason == MqttDisconnectReason.ServerKick ? closeReasons.Take(device.DeviceId) : null;
            presence.SessionClosed(device.DeviceId, SessionId(client), platformReason ?? Describe(reason));
        }
    }

    private void Refused(string deviceId, string topic, string why)
    {
        if (traffic.IsWatched(deviceId))
        {
            traffic.Record(new TrafficEntry(deviceId, DateTimeOffset.UtcNow, TrafficDirection.Refused, "mqtt", topic, why));
        }
    }

    private static string SessionId(MqttClientContext client) => "mqtt:" + client.ConnectionId;

    private static string Transport(MqttClientContext client) => client.Transport switch
    {
        MqttTransport.Tls => "mqtt+tls",
        MqttTransport.WebSocket => "mqtt+ws",
        MqttTransport.SecureWebSocket => "mqtt+wss",
        _ => "mqtt",
    };

    private static string? Address(EndPoint? endPoint) => endPoint is IPEndPoint ip ? ip.Address.ToString() : endPoint?.ToString();

    private static string Describe(MqttDisconnectReason reason) => reason switch
    {
        MqttDisconnectReason.ClientDisconnect => "MQTT DISCONNECT from the device",
        MqttDisconnectReason.KeepAliveTimeout => "MQTT keep-alive expired",
        MqttDisconnectReason.Takeover => "taken over by a newer MQTT connection with the same client id",
        MqttDisconnectReason.ProtocolError => "MQTT protocol error",
        MqttDisconnectReason.ServerKick => "closed by the platform",
        MqttDisconnectReason.ServerShutdown => "server shutting down",
        _ => "MQTT connection lost without DISCONNECT",
    };
}
