using System.Buffers;
using System.Collections.Concurrent;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Broker.Infrastructure;

internal sealed record PublishedRecord(string ClientId, string Topic, byte[] Payload, MqttQualityOfService Qos, bool Retain);

/// <summary>Hooks whose answers a test sets and whose notifications it reads.</summary>
internal sealed class TestHooks : IMqttBrokerHooks
{
    public Func<MqttConnectRequest, MqttAuthResult> Authenticate { get; set; } = _ => MqttAuthResult.Accept();

    /// <summary>Topics (exact) that may not be published to.</summary>
    public ConcurrentDictionary<string, bool> DeniedPublishTopics { get; } = new();

    public ConcurrentDictionary<string, bool> DeniedFilters { get; } = new();

    /// <summary>When set, QoS 1/2 notifications wait for it (a product storing durably).</summary>
    public TaskCompletionSource? StoreGate { get; set; }

    public ConcurrentQueue<PublishedRecord> Published { get; } = new();

    public ConcurrentQueue<string> Connected { get; } = new();

    public ConcurrentQueue<(string ClientId, MqttDisconnectReason Reason)> Disconnected { get; } = new();

    public event Action<string, MqttDisconnectReason>? DisconnectedEvent;

    public ValueTask<MqttAuthResult> AuthenticateAsync(MqttConnectRequest request) => ValueTask.FromResult(Authenticate(request));

    public bool AuthorizePublish(MqttClientContext client, ReadOnlySpan<char> topic) =>
        DeniedPublishTopics.IsEmpty || !DeniedPublishTopics.ContainsKey(topic.ToString());

    public bool AuthorizeSubscribe(MqttClientContext client, string topicFilter) => !DeniedFilters.ContainsKey(topicFilter);

    public ValueTask OnMessagePublishedAsync(MqttClientContext client, in MqttPublishedMessage message)
    {
        var record = new PublishedRecord(client.ClientId, message.Topic.ToString(), message.Payload.ToArray(), message.QualityOfService, message.Retain);
        var gate = StoreGate;
        if (gate is null || message.QualityOfService == MqttQualityOfService.AtMostOnce)
        {
            Published.Enqueue(record);
            return ValueTask.CompletedTask;
        }

        return StoreAsync(record, gate.Task);
    }

    private async ValueTask StoreAsync(PublishedRecord record, Task gate)
    {
        await gate;
        Published.Enqueue(record);
    }

    public void OnClientConnected(MqttClientContext client) => Connected.Enqueue(client.ClientId);

    public void OnClientDisconnected(MqttClientContext client, MqttDisconnectReason reason)
    {
        Disconnected.Enqueue((client.ClientId, reason));
        DisconnectedEvent?.Invoke(client.ClientId, reason);
    }
}
