namespace NovaConsole.Mqtt.Broker.Diagnostics;

/// <summary>
/// Running totals since start. Plain interlocked counters: on a two-core box one shared cache line per counter
/// is cheaper than per-connection counters that statistics would have to sum under locks.
/// </summary>
internal sealed class MqttBrokerCounters
{
    private long _messagesReceived;
    private long _messagesSent;
    private long _bytesReceived;
    private long _bytesSent;
    private long _publishesRefused;
    private long _subscriptionsRefused;
    private long _connectionsRefused;
    private long _messagesDropped;
    private long _queuedMessages;
    private long _queuedBytes;
    private long _retainedRefused;
    private int _connectedClients;

    public long MessagesReceived => Volatile.Read(ref _messagesReceived);

    public long MessagesSent => Volatile.Read(ref _messagesSent);

    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    public long BytesSent => Volatile.Read(ref _bytesSent);

    /// <summary>PUBLISH packets acknowledged but dropped: not authorized, a '$' topic, or over the topic limits.</summary>
    public long PublishesRefused => Volatile.Read(ref _publishesRefused);

    public long SubscriptionsRefused => Volatile.Read(ref _subscriptionsRefused);

    public long ConnectionsRefused => Volatile.Read(ref _connectionsRefused);

    /// <summary>Messages a session had to drop: queue overflow, or QoS 0 to a subscriber that is not draining.</summary>
    public long MessagesDropped => Volatile.Read(ref _messagesDropped);

    /// <summary>Messages waiting in session queues now.</summary>
    public long QueuedMessages => Volatile.Read(ref _queuedMessages);

    /// <summary>Topic and payload bytes of the messages waiting in session queues now (a message queued for many sessions counts once per session).</summary>
    public long QueuedBytes => Volatile.Read(ref _queuedBytes);

    /// <summary>RETAIN=1 messages delivered but not retained: nobody may read the topic, or a retained-message limit.</summary>
    public long RetainedRefused => Volatile.Read(ref _retainedRefused);

    public int ConnectedClients => Volatile.Read(ref _connectedClients);

    public void MessageReceived(int bytes)
    {
        Interlocked.Increment(ref _messagesReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    public void BytesReceivedOnly(int bytes) => Interlocked.Add(ref _bytesReceived, bytes);

    public void MessageSent() => Interlocked.Increment(ref _messagesSent);

    public void BytesWritten(long bytes) => Interlocked.Add(ref _bytesSent, bytes);

    public void PublishRefused() => Interlocked.Increment(ref _publishesRefused);

    public void SubscriptionRefused() => Interlocked.Increment(ref _subscriptionsRefused);

    public void ConnectionRefused() => Interlocked.Increment(ref _connectionsRefused);

    public void MessageDropped() => Interlocked.Increment(ref _messagesDropped);

    public void QueuedChanged(int delta, long bytes)
    {
        Interlocked.Add(ref _queuedMessages, delta);
        Interlocked.Add(ref _queuedBytes, bytes);
    }

    public void RetainRefused() => Interlocked.Increment(ref _retainedRefused);

    /// <summary>Reserves a connection slot; false (and nothing reserved) when <paramref name="max"/> are connected.</summary>
    public bool TryAddClient(int max)
    {
        while (true)
        {
            var current = Volatile.Read(ref _connectedClients);
            if (current >= max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _connectedClients, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void RemoveClient() => Interlocked.Decrement(ref _connectedClients);
}
