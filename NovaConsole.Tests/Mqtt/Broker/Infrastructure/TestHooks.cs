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

    /// <summary>Topics (exact) whose messages may be routed but not retained.</summary>
    public ConcurrentDictionary<string, bool> DeniedRetainTopics { get; } = new();

    /// <summary>When set, QoS 1/2 messages are stored (and acknowledged) only once it completes.</summary>
    public TaskCompletionSource? StoreGate { get; set; }

    /// <summary>When set, decides per QoS 1/2 message when it counts as stored (the receipt's Stored task).</summary>
    public Func<PublishedRecord, Task>? Store { get; set; }

    /// <summary>When set, the hook does not return its receipt before this completes (a product slow to take a message).</summary>
    public TaskCompletionSource? TakeGate { get; set; }

    /// <summary>Every message the hook was called with, in call order (before any store completes).</summary>
    public ConcurrentQueue<PublishedRecord> Received { get; } = new();

    public ConcurrentQueue<PublishedRecord> Published { get; } = new();

    public ConcurrentQueue<string> Connected { get; } = new();

    public ConcurrentQueue<(string ClientId, MqttDisconnectReason Reason)> Disconnected { get; } = new();

    public event Action<string, MqttDisconnectReason>? DisconnectedEvent;

    /// <summary>Called when a client id's session belonged to another owner.</summary>
    public Action<MqttClientContext, string?>? OwnerConflict { get; set; }

    public ValueTask<MqttAuthResult> AuthenticateAsync(MqttConnectRequest request) => ValueTask.FromResult(Authenticate(request));

    public bool AuthorizePublish(MqttClientContext client, ReadOnlySpan<char> topic) =>
        DeniedPublishTopics.IsEmpty || !DeniedPublishTopics.ContainsKey(topic.ToString());

    public bool AuthorizeSubscribe(MqttClientContext client, string topicFilter) => !DeniedFilters.ContainsKey(topicFilter);

    public bool AuthorizeRetain(MqttClientContext client, ReadOnlySpan<char> topic) =>
        DeniedRetainTopics.IsEmpty || !DeniedRetainTopics.ContainsKey(topic.ToString());

    public ValueTask<MqttMessageReceipt> OnMessagePublishedAsync(MqttClientContext client, in MqttPublishedMessage message)
    {
        var record = new PublishedRecord(client.ClientId, message.Topic.ToString(), message.Payload.ToArray(), message.QualityOfService, message.Retain);
        Received.Enqueue(record);
        var receipt = Receipt(record);
        return TakeGate is { } take ? TakeAsync(take.Task, receipt) : receipt;
    }

    private MqttMessageReceipt Receipt(PublishedRecord record)
    {
        var gate = Store is { } store ? store(record) : StoreGate?.Task;
        if (gate is null || record.Qos == MqttQualityOfService.AtMostOnce)
        {
            Published.Enqueue(record);
            return MqttMessageReceipt.Taken;
        }

        return MqttMessageReceipt.WhenStored(StoreAsync(record, gate));
    }

    private static async ValueTask<MqttMessageReceipt> TakeAsync(Task gate, MqttMessageReceipt receipt)
    {
        await gate;
        return receipt;
    }

    private async Task StoreAsync(PublishedRecord record, Task gate)
    {
        await gate;
        Published.Enqueue(record);
    }

    public void OnClientConnected(MqttClientContext client) => Connected.Enqueue(client.ClientId);

    public void OnSessionOwnerConflict(MqttClientContext client, string? sessionOwner) => OwnerConflict?.Invoke(client, sessionOwner);

    public void OnClientDisconnected(MqttClientContext client, MqttDisconnectReason reason)
    {
        Disconnected.Enqueue((client.ClientId, reason));
        DisconnectedEvent?.Invoke(client.ClientId, reason);
    }
}
