using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker;

/// <summary>
/// Broker limits and behaviour, bound from the <c>Mqtt</c> configuration section (shared with
/// <c>Mqtt:AnonymousRules</c>). The defaults are safe for a public listener.
/// </summary>
internal sealed class MqttBrokerOptions
{
    public const string SectionName = "Mqtt";

    /// <summary>Largest packet accepted, fixed header included; larger ones close the connection.</summary>
    public int MaxPacketSize { get; set; } = 256 * 1024;

    /// <summary>Connected clients at most; a CONNECT beyond it gets CONNACK 0x03 (server unavailable).</summary>
    public int MaxConnections { get; set; } = 50_000;

    /// <summary>
    /// Connections one remote address may hold before their CONNECT is accepted; more are closed at once. Accepted
    /// clients do not count, so many devices behind one NAT address are fine.
    /// </summary>
    public int MaxPendingConnectionsPerAddress { get; set; } = 256;

    /// <summary>Topic filters per session; excess filters get 0x80 in SUBACK.</summary>
    public int MaxSubscriptionsPerClient { get; set; } = 100;

    /// <summary>
    /// Longest topic filter in SUBSCRIBE, in UTF-8 bytes; longer ones get 0x80. Tighter than <see cref="MaxTopicLength"/>
    /// because a subscription is kept for as long as its session, also while the client is away.
    /// </summary>
    public int MaxTopicFilterLength { get; set; } = 1_024;

    /// <summary>
    /// Retained messages one client (its user name, or its client id without one) may hold at once; a RETAIN=1 message
    /// on a further topic is delivered but not retained, and counted. Replacing or clearing its own is always allowed.
    /// </summary>
    public int MaxRetainedMessagesPerClient { get; set; } = 1_000;

    /// <summary>
    /// Bytes (topic names and payloads) all retained messages may take together; beyond it clients' RETAIN=1 messages
    /// are delivered but not retained, and counted. The server's own ($SYS) messages are always kept.
    /// </summary>
    public long MaxRetainedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Messages waiting in one session beyond the in-flight window (offline QoS 1/2, or a subscriber that
    /// is not draining its socket). On overflow see <see cref="OverflowPolicy"/>.
    /// </summary>
    public int MaxQueuedMessagesPerSession { get; set; } = 1_000;

    /// <summary>
    /// What a connected subscriber's full queue does: <c>drop-oldest</c> drops its oldest message (QoS 0 before QoS 1/2),
    /// counted per client and in the statistics; <c>backpressure</c> stops reading from the publishers whose messages go
    /// to it until it drains, so nothing acknowledged is dropped. An absent client's queue (a persistent session) always
    /// drops the oldest: a device that is away must not stop everyone publishing to its topics.
    /// </summary>
    public string OverflowPolicy { get; set; } = "drop-oldest";

    /// <summary>
    /// With <c>backpressure</c>: a subscriber that takes nothing from its full queue for this long while publishers wait
    /// for it is disconnected (it is stuck, or is a client blocked publishing to itself), and its publishers read on.
    /// </summary>
    public int BackpressureTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// SQLite file keeping retained messages and persistent sessions across restarts (relative to the data folder in the
    /// console); empty keeps them in memory only. Written behind, in batches; see docs/broker-state.md.
    /// </summary>
    public string? StateFile { get; set; }

    /// <summary>Outbound QoS 1/2 PUBLISH packets awaiting acknowledgement per client.</summary>
    public int MaxInflightMessages { get; set; } = 32;

    /// <summary>
    /// Inbound QoS 1 messages per client that the product is still storing while the broker reads on; their PUBACKs
    /// follow in order as the stores complete. Beyond it the broker stops reading from that client until one is stored.
    /// </summary>
    public int MaxPendingAcknowledgements { get; set; } = 64;

    /// <summary>Longest topic name or filter in UTF-8 bytes.</summary>
    public int MaxTopicLength { get; set; } = 65_535;

    /// <summary>Most levels ('/'-separated parts) in a topic name or filter.</summary>
    public int MaxTopicLevels { get; set; } = 128;

    /// <summary>A connection that has not sent CONNECT within this time is closed.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>Whether the default hooks accept clients without credentials (governed by <c>Mqtt:AnonymousRules</c>).</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Interval of the <c>$SYS/broker/...</c> statistics topics; 0 turns them off.</summary>
    public int SysIntervalSeconds { get; set; } = 10;

    /// <summary>
    /// Bytes written to one connection but not yet flushed to the transport before further messages wait in the
    /// session queue instead (slow subscribers must not grow memory without bound).
    /// </summary>
    public int MaxPendingWriteBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// A persistent session (CleanSession=0) whose client stays away longer than this is discarded (default 7 days:
    /// a device that left for good must not hold its queue for ever); 0 keeps sessions until a clean CONNECT, as
    /// MQTT 3.1.1 itself does. Checked every few minutes.
    /// </summary>
    public int PersistentSessionExpiryHours { get; set; } = 7 * 24;

    /// <summary>How long a host stop waits for connections to close before it gives up on them.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 5;

    internal TimeSpan ConnectTimeout => TimeSpan.FromSeconds(ConnectTimeoutSeconds);

    internal bool UsesBackpressure => string.Equals(OverflowPolicy, "backpressure", StringComparison.OrdinalIgnoreCase);

    internal Routing.TopicLimits TopicLimits => new() { MaxBytes = MaxTopicLength, MaxLevels = MaxTopicLevels };

    internal Routing.TopicLimits FilterLimits => new() { MaxBytes = Math.Min(MaxTopicLength, MaxTopicFilterLength), MaxLevels = MaxTopicLevels };

    internal static int MaxPacketSizeCeiling => MqttPacketReader.UnlimitedPacketSize;
}
