using System.Net;
using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker;

/// <summary>What the product (console pages, device adapters, commands) may ask of the running broker.</summary>
internal interface IMqttServer
{
    /// <summary>
    /// Publishes as the server: routed to subscribers and retained exactly like a client's PUBLISH (but not passed
    /// to <see cref="IMqttBrokerHooks.OnMessagePublishedAsync"/>, and '$' topics are allowed). Completes when the
    /// message has been handed to every matching session (written or queued), not when clients acknowledged it.
    /// </summary>
    ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos = MqttQualityOfService.AtMostOnce, bool retain = false);

    /// <summary>
    /// <see cref="PublishAsync(string, ReadOnlyMemory{byte}, MqttQualityOfService, bool)"/>, and <paramref name="delivered"/> is
    /// called once (on the thread pool) when the first subscriber took it: its PUBACK (QoS 1), PUBREC (QoS 2), or the write to
    /// its connection for a QoS 0 subscription. Never called when no session took it.
    /// </summary>
    ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos, bool retain, Action? delivered);

    /// <summary>
    /// As above, with MQTT 5 properties (e.g. response topic and correlation data) that v5 subscribers receive and
    /// 3.1.x subscribers do not see.
    /// </summary>
    ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos, bool retain, Action? delivered, MqttProperties? properties) =>
        PublishAsync(topic, payload, qos, retain, delivered);

    bool IsConnected(string clientId);

    IReadOnlyList<MqttClientInfo> GetClients();

    /// <summary>Closes a client's connection (its will is published: no DISCONNECT was received). False when not connected.</summary>
    Task<bool> DisconnectAsync(string clientId, MqttDisconnectReason reason = MqttDisconnectReason.ServerKick);

    /// <summary>
    /// Ends everything of one session owner (<see cref="MqttAuthResult.SessionOwner"/>): closes its connections and
    /// discards its persistent sessions with their subscriptions and queued messages, e.g. when a device's key is
    /// reset or it is disabled or deleted. Returns how many sessions were discarded.
    /// </summary>
    Task<int> EndSessionsAsync(string owner, MqttDisconnectReason reason = MqttDisconnectReason.ServerKick);

    MqttBrokerStatistics GetStatistics();
}

/// <summary>One connected client, for the console.</summary>
internal sealed record MqttClientInfo(
    string ClientId,
    string? UserName,
    string? SessionOwner,
    EndPoint? RemoteEndPoint,
    MqttProtocolVersion ProtocolVersion,
    ushort KeepAliveSeconds,
    bool CleanSession,
    DateTimeOffset ConnectedSince,
    MqttTransport Transport,
    IReadOnlyList<SubscriptionInfo> Subscriptions,
    int QueuedMessages,
    int InflightMessages)
{
    /// <summary>Messages its session dropped from a full queue (<c>Mqtt:OverflowPolicy</c> drop-oldest, or while it was away).</summary>
    public long MessagesDropped { get; init; }
}

/// <summary>A snapshot of the broker's counters; rates are per second over the last sampling interval.</summary>
internal sealed record MqttBrokerStatistics(
    int ConnectedClients,
    int Sessions,
    long MessagesReceived,
    long MessagesSent,
    long BytesReceived,
    long BytesSent,
    double MessagesReceivedPerSecond,
    double MessagesSentPerSecond,
    double BytesReceivedPerSecond,
    double BytesSentPerSecond,
    int Subscriptions,
    int RetainedMessages,
    long QueuedMessages,
    long PublishesRefused,
    long SubscriptionsRefused,
    long ConnectionsRefused,
    long MessagesDropped,
    TimeSpan Uptime)
{
    /// <summary>Memory of the subscription filters clients hold (UTF-16, as .NET keeps them), a part of session memory.</summary>
    public long SubscriptionBytes { get; init; }

    /// <summary>Topic and payload bytes of the messages waiting in session queues (<see cref="QueuedMessages"/>).</summary>
    public long QueuedMessageBytes { get; init; }

    /// <summary>Topic and payload bytes of the retained messages.</summary>
    public long RetainedBytes { get; init; }

    /// <summary>RETAIN=1 messages delivered but not retained (nobody may read the topic, or a retained-message limit).</summary>
    public long RetainedRefused { get; init; }
}
