using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Broker.Sessions;

namespace NovaConsole.Mqtt.Broker.Persistence;

/// <summary>
/// Write-behind of the broker's state into <see cref="BrokerStateFile"/>: sessions, their subscriptions, their QoS 1/2
/// messages and received QoS 2 identifiers, and retained messages. Changes are recorded in memory (under the caller's
/// locks, so in the order they happened) and one writer commits whatever has gathered in one transaction, then the
/// next (group commit: no timer, the batch is what arrived while the previous one was written).
/// </summary>
/// <remarks>
/// Only persistent sessions (CleanSession=0) and retained messages come here; QoS 0 deliveries and clean sessions never
/// do, so the QoS 0 path does not touch it. Pending changes are keyed by what they change (a later change replaces an
/// earlier one), so what waits is bounded by the state itself: the session and retained-message caps.
/// The lock is a leaf: nothing is called while holding it.
/// </remarks>
internal sealed partial class BrokerStateJournal : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly BrokerStateFile _file;
    private readonly Func<MqttSession, IReadOnlyList<SubscriptionInfo>> _subscriptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0);
    private Dictionary<string, ClientChanges> _clients = new(StringComparer.Ordinal);
    private Dictionary<string, RetainedMessage?> _retained = new(StringComparer.Ordinal);
    private TaskCompletionSource? _pending; // completes when what is recorded now is committed
    private TaskCompletionSource? _writing; // the batch being written
    private bool _scheduled;
    private bool _stopping;
    private bool _closed;
    private long _version;
    private Task? _writer;

    public BrokerStateJournal(BrokerStateFile file, Func<MqttSession, IReadOnlyList<SubscriptionInfo>> subscriptions, TimeProvider time, ILogger logger)
    {
        _file = file;
        _subscriptions = subscriptions;
        _time = time;
        _logger = logger;
    }

    /// <summary>Grows with every recorded change.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>
    /// Changes recorded by this thread, in any journal. Routing is synchronous, so a publisher that reads it before and
    /// after routing knows whether its own message was kept (queued for a persistent session, retained) and its
    /// acknowledgement must wait for the commit; other publishers' changes do not make it wait.
    /// </summary>
    public static long RecordedOnThisThread => t_recorded;

    [ThreadStatic]
    private static long t_recorded;

    /// <summary>Batches committed since start (tests and the statistics).</summary>
    public long BatchesWritten => Volatile.Read(ref _batchesWritten);

    private long _batchesWritten;

    public void Start() => _writer ??= Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    /// <summary>Completes when every change recorded before the call is committed; faults if that write failed.</summary>
    public Task WrittenAsync()
    {
        lock (_lock)
        {
            if (_closed)
            {
                // Stopped: nothing more is written, and nobody may wait for ever on it.
                return Task.CompletedTask;
            }

            if (_scheduled)
            {
                return (_pending ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            return _writing?.Task ?? Task.CompletedTask;
        }
    }

    public void SessionSaved(MqttSession session, bool connected)
    {
        var row = new PersistedSession(session.ClientId, session.Owner, connected ? null : _time.GetUtcNow());
        lock (_lock)
        {
            For(session.ClientId).Session = row;
        }
    }

    /// <summary>The session ended (expired, replaced by a clean one, its owner's key changed): delete all of it.</summary>
    public void SessionRemoved(string clientId)
    {
        lock (_lock)
        {
            _clients[clientId] = new ClientChanges { Reset = true };
            Touched();
        }
    }

    public void SubscriptionsChanged(MqttSession session)
    {
        lock (_lock)
        {
            For(session.ClientId).SubscriptionsOf = session;
        }
    }

    /// <summary>A message was queued or moved along its flow (new identifier, PUBREC received).</summary>
    public void MessageStored(string clientId, in PersistedMessage message, bool isNew)
    {
        lock (_lock)
        {
            var messages = For(clientId).Messages ??= [];
            var wasNew = isNew || (messages.TryGetValue(message.Sequence, out var previous) && previous.IsNew);
            messages[message.Sequence] = (message, wasNew);
        }
    }

    /// <summary>A message left the session (acknowledged, or dropped from a full queue).</summary>
    public void MessageRemoved(string clientId, long sequence)
    {
        lock (_lock)
        {
            var messages = For(clientId).Messages ??= [];
            if (messages.TryGetValue(sequence, out var previous) && previous.IsNew)
            {
                // Never written: nothing to delete.
                messages.Remove(sequence);
                return;
            }

            messages[sequence] = (null, false);
        }
    }

    public void IncomingQos2Changed(string clientId, ushort packetIdentifier, bool awaitingRelease)
    {
        lock (_lock)
        {
            (For(clientId).IncomingQos2 ??= [])[packetIdentifier] = awaitingRelease;
        }
    }

    /// <summary>A retained message was set (or, with null, cleared). The server's own '$' topics are not kept.</summary>
    public void RetainedChanged(string topic, RetainedMessage? message)
    {
        if (topic.StartsWith('$'))
        {
            return;
        }

        lock (_lock)
        {
            _retained[topic] = message;
            Touched();
        }
    }

    private ClientChanges For(string clientId)
    {
        if (!_clients.TryGetValue(clientId, out var changes))
        {
            changes = new ClientChanges();
            _clients[clientId] = changes;
        }

        Touched();
        return changes;
    }

    private void Touched()
    {
        _version++;
        t_recorded++;
        if (!_scheduled)
        {
            _scheduled = true;
            _wake.Release();
        }
    }

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            await _wake.WaitAsync().ConfigureAwait(false);
            Dictionary<string, ClientChanges> clients;
            Dictionary<string, RetainedMessage?> retained;
            TaskCompletionSource batch;
            lock (_lock)
            {
                if (!_scheduled)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    continue;
                }

                (clients, _clients) = (_clients, new Dictionary<string, ClientChanges>(StringComparer.Ordinal));
                (retained, _retained) = (_retained, new Dictionary<string, RetainedMessage?>(StringComparer.Ordinal));
                batch = _pending ?? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending = null;
                _writing = batch;
                _scheduled = false;
            }

            try
            {
                _file.Write(clients, retained, _subscriptions);
                Interlocked.Increment(ref _batchesWritten);
                batch.TrySetResult();
            }
            catch (Exception ex)
            {
                // What waits on it (a PUBACK) fails: the publisher is disconnected unacknowledged and sends again.
                BrokerStateLog.WriteFailed(_logger, ex, clients.Count, retained.Count);
                batch.TrySetException(ex);
            }

            lock (_lock)
            {
                if (_writing == batch)
                {
                    _writing = null;
                }
            }
        }
    }

    /// <summary>Writes what is pending, stops the writer and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
        }

        try
        {
            await WrittenAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Logged by the writer.
        }

        _wake.Release();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }

        lock (_lock)
        {
            _closed = true;
            _pending?.TrySetResult();
            _pending = null;
        }

        // The semaphore stays: a late change (a connection closing after the stop) may still release it.
        _file.Dispose();
    }
}
