using NovaConsole.Mqtt.Broker.Connections;
using NovaConsole.Mqtt.Broker.Diagnostics;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Sessions;

/// <summary>The limits a session enforces, taken from <see cref="MqttBrokerOptions"/>.</summary>
internal sealed record SessionLimits(int MaxInflight, int MaxQueued)
{
    /// <summary><c>Mqtt:OverflowPolicy</c> backpressure: a connected subscriber's full queue pauses its publishers instead of dropping.</summary>
    public bool Backpressure { get; init; }

    /// <summary>With back-pressure, where a queue drops after all (publishers overshoot <see cref="MaxQueued"/> by one message each at most).</summary>
    public int HardMaxQueued { get; init; } = int.MaxValue;

    /// <summary>Paused publishers resume once the queue is down to this (a margin, so they do not wake for every message).</summary>
    public int ResumeAt => MaxQueued * 3 / 4;
}

/// <summary>
/// The server side of an MQTT session (MQTT 3.1.1 §4.1): it outlives a network connection when the client
/// asked for CleanSession=0. Holds the outbound QoS 1/2 messages in flight, the queue behind them, the QoS 2
/// packet identifiers received and not yet released, and which connection's output it currently writes to.
/// Subscriptions live in the broker's index, keyed by this object.
/// </summary>
/// <remarks>
/// One lock (<see cref="Gate"/>) guards the state; it is taken before the output's own lock, never after.
/// Delivery and draining are in MqttSession.Delivery.cs.
/// </remarks>
internal sealed partial class MqttSession
{
    private readonly SessionLimits _limits;
    private readonly MqttBrokerCounters _counters;
    private readonly ILogger _logger;

    // Created on first use: most sessions of a device fleet are idle and never need them.
    private List<InflightMessage>? _inflight;
    private Queue<QueuedMessage>? _reliable;
    private Queue<QueuedMessage>? _qos0;
    private HashSet<ushort>? _incomingQos2;
    private MqttOutbound? _output;
    private ushort _lastPacketIdentifier;
    private bool _overflowLogged;
    private int _subscriptionCount;

    public MqttSession(string clientId, string? owner, bool persistent, SessionLimits limits, MqttBrokerCounters counters, ILogger logger)
    {
        ClientId = clientId;
        Owner = owner;
        IsPersistent = persistent;
        _limits = limits;
        _counters = counters;
        _logger = logger;
    }

    public string ClientId { get; }

    /// <summary>The principal that created the session (<see cref="MqttAuthResult.SessionOwner"/>); only it may use it.</summary>
    public string? Owner { get; }

    /// <summary>CleanSession=0: kept after the connection ends (MQTT 3.1.1 §3.1.2.4); MQTT 5: Session Expiry Interval > 0.</summary>
    public bool IsPersistent { get; set; }

    /// <summary>MQTT 5.0 §3.1.2.11.2: how long it outlives its connection; null = the broker's setting alone.</summary>
    public TimeSpan? ExpiryInterval { get; set; }

    /// <summary>MQTT 5.0 §3.1.2.11.3: the client's Receive Maximum caps our QoS 1/2 messages in flight to it.</summary>
    public int ReceiveMaximum { get; set; } = int.MaxValue;

    /// <summary>QoS 2 messages received and not yet released (MQTT 5 Receive Maximum counts them).</summary>
    public int AwaitingReleaseCount
    {
        get
        {
            lock (Gate)
            {
                return _incomingQos2?.Count ?? 0;
            }
        }
    }

    public Lock Gate { get; } = new();

    /// <summary>The connection attached now; null while the client is away. Written under the store's lock.</summary>
    public MqttConnection? Connection { get; set; }

    /// <summary>When the last connection detached (a timestamp of the broker's TimeProvider); for expiry.</summary>
    public long DetachedAt { get; set; }

    /// <summary>Set when the session is discarded, so late deliveries to it are dropped.</summary>
    public bool IsDiscarded { get; private set; }

    public int SubscriptionCount => Volatile.Read(ref _subscriptionCount);

    public int QueuedCount
    {
        get
        {
            lock (Gate)
            {
                return ReliableQueued + Qos0Queued;
            }
        }
    }

    public int InflightCount
    {
        get
        {
            lock (Gate)
            {
                return InflightUsed;
            }
        }
    }

    private int InflightUsed => _inflight?.Count ?? 0;

    private int InflightLimit => Math.Min(_limits.MaxInflight, ReceiveMaximum);

    private int ReliableQueued => _reliable?.Count ?? 0;

    private int Qos0Queued => _qos0?.Count ?? 0;

    public void SubscriptionAdded()
    {
        Interlocked.Increment(ref _subscriptionCount);
        SubscriptionsChanged();
    }

    public void SubscriptionRemoved()
    {
        Interlocked.Decrement(ref _subscriptionCount);
        SubscriptionsChanged();
    }

    /// <summary>A subscription was added, removed or given another QoS: a persistent session writes them again.</summary>
    public void SubscriptionsChanged() => _journal?.SubscriptionsChanged(this);

    public void ResetSubscriptionCount() => Volatile.Write(ref _subscriptionCount, 0);

    /// <summary>
    /// Attaches a connection: writes its CONNACK first (nothing may precede it, MQTT 3.1.1 §3.2), then re-sends
    /// every unacknowledged PUBLISH with DUP=1 and every PUBREL, in their original order, then the queue
    /// (MQTT 3.1.1 §4.4, §4.6).
    /// </summary>
    public bool Attach(MqttOutbound output, in OutboundPacket connAck)
    {
        lock (Gate)
        {
            if (!output.TryWrite(connAck))
            {
                return false;
            }

            _output = output;
            for (var i = 0; i < InflightUsed; i++)
            {
                _inflight![i].NeedsSend = true;
            }

            DrainLocked();
            return true;
        }
    }

    /// <summary>Stops writing to this output; QoS 0 messages waiting for it are dropped (§4.1 keeps only QoS 1/2).</summary>
    public void Detach(MqttOutbound output)
    {
        lock (Gate)
        {
            if (_output != output)
            {
                return;
            }

            _output = null;
            _counters.QueuedChanged(-Qos0Queued, -BytesOf(_qos0));
            _qos0?.Clear();
            SignalRoomLocked(force: true);
        }
    }

    /// <summary>Drops all state; the session is gone (clean session ended, or replaced by a clean one).</summary>
    public void Discard()
    {
        lock (Gate)
        {
            IsDiscarded = true;
            _output = null;
            _counters.QueuedChanged(-(Qos0Queued + ReliableQueued), -(BytesOf(_qos0) + BytesOf(_reliable)));
            _qos0 = null;
            _reliable = null;
            _inflight = null;
            _incomingQos2 = null;
            SignalRoomLocked(force: true);
        }
    }

    // MQTT 3.1.1 §4.3.3 method A: the identifier of a received QoS 2 PUBLISH is kept until PUBREL, so a
    // re-sent PUBLISH with the same identifier is acknowledged again but not delivered again.
    public bool IsAwaitingRelease(ushort packetIdentifier)
    {
        lock (Gate)
        {
            return _incomingQos2?.Contains(packetIdentifier) == true;
        }
    }

    public void AwaitRelease(ushort packetIdentifier)
    {
        lock (Gate)
        {
            if ((_incomingQos2 ??= []).Add(packetIdentifier))
            {
                _journal?.IncomingQos2Changed(ClientId, packetIdentifier, awaitingRelease: true);
            }
        }
    }

    public void Release(ushort packetIdentifier)
    {
        lock (Gate)
        {
            if (_incomingQos2?.Remove(packetIdentifier) == true)
            {
                _journal?.IncomingQos2Changed(ClientId, packetIdentifier, awaitingRelease: false);
            }
        }
    }
}
