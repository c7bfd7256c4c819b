using NovaConsole.Mqtt.Broker.Sessions;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Persistence;

/// <summary>
/// A QoS 1/2 message of a persistent session as it is kept: queued (<see cref="PacketIdentifier"/> 0) or in flight
/// with its identifier and where its flow stands. The message object is shared with the session: nothing is copied.
/// </summary>
internal readonly record struct PersistedMessage(
    long Sequence, MqttApplicationMessage Message, MqttQualityOfService QualityOfService, bool Retain, ushort PacketIdentifier, PersistedFlow Flow);

/// <summary>Where a kept message stands; the numbers are stored.</summary>
internal enum PersistedFlow : byte
{
    Queued = 0,
    AwaitingPubAck = 1,
    AwaitingPubRec = 2,
    AwaitingPubComp = 3,
}

/// <summary>A persistent session's own row: whose it is, and since when its client is away (null: connected).</summary>
internal sealed record PersistedSession(string ClientId, string? Owner, DateTimeOffset? DetachedAt);

/// <summary>
/// What changed for one client id since the last write. Later changes overwrite earlier ones, so a message queued and
/// acknowledged between two writes costs nothing on disk.
/// </summary>
internal sealed class ClientChanges
{
    /// <summary>Delete every row of this client id before the rest: its session ended (and maybe began again).</summary>
    public bool Reset { get; set; }

    public PersistedSession? Session { get; set; }

    /// <summary>Subscriptions are written whole, read from the index at write time (there are at most a hundred).</summary>
    public MqttSession? SubscriptionsOf { get; set; }

    /// <summary>Per sequence: the row to write, or null to delete it; <c>IsNew</c> rows were never written.</summary>
    public Dictionary<long, (PersistedMessage? Row, bool IsNew)>? Messages { get; set; }

    /// <summary>Received QoS 2 identifiers not yet released (true) or released (false), MQTT 3.1.1 §4.3.3.</summary>
    public Dictionary<ushort, bool>? IncomingQos2 { get; set; }

    public bool IsEmpty => !Reset && Session is null && SubscriptionsOf is null && (Messages?.Count ?? 0) == 0 && (IncomingQos2?.Count ?? 0) == 0;
}
