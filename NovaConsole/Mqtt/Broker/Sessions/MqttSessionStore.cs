using System.Collections.Concurrent;
using NovaConsole.Mqtt.Broker.Connections;
using NovaConsole.Mqtt.Broker.Persistence;
using NovaConsole.Mqtt.Broker.Routing;

namespace NovaConsole.Mqtt.Broker.Sessions;

/// <summary>Outcome of <see cref="MqttSessionStore.TryAttach"/>.</summary>
internal enum AttachOutcome : byte
{
    Attached,

    /// <summary>Another connection holds the client id; close it first (takeover, MQTT 3.1.1 §3.1.4 step 2).</summary>
    Occupied,

    /// <summary>The client id's session belongs to another owner: refuse, touch nothing.</summary>
    OwnedByAnother,
}

/// <summary>
/// Sessions by client id. Attaching and detaching a connection are serialized by one lock so a takeover,
/// a clean-session reset and a disconnect never interleave; lookups are lock-free.
/// </summary>
internal sealed class MqttSessionStore(SubscriptionIndex<MqttSession> index, Func<string, string?, bool, MqttSession> createSession)
{
    private readonly ConcurrentDictionary<string, MqttSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count => _sessions.Count;

    /// <summary>Where persistent sessions are kept across restarts; null: in memory only.</summary>
    public BrokerStateJournal? Journal { get; set; }

    /// <summary>Adds a session read back from the state file at start, before any connection.</summary>
    public void Restore(MqttSession session, long detachedAt)
    {
        lock (_lock)
        {
            session.DetachedAt = detachedAt;
            _sessions[session.ClientId] = session;
        }
    }

    public ICollection<MqttSession> All => _sessions.Values;

    public MqttSession? Find(string clientId) => _sessions.TryGetValue(clientId, out var session) ? session : null;

    /// <summary>
    /// Binds a connection to the client id's session (MQTT 3.1.1 §3.1.2.4): CleanSession=1 discards any
    /// previous session and starts one that ends with the connection; CleanSession=0 resumes a persistent
    /// session (<paramref name="sessionPresent"/>) or starts one. A session begun with CleanSession=1 is never
    /// resumed: its state ended with its connection. A session is bound to its <paramref name="owner"/>: another
    /// owner can neither take it over nor resume nor discard it (<paramref name="occupant"/> is then null).
    /// </summary>
    public AttachOutcome TryAttach(
        MqttConnection connection,
        string clientId,
        string? owner,
        bool cleanSession,
        out MqttSession session,
        out bool sessionPresent,
        out MqttConnection? occupant,
        bool? persistent = null,
        TimeProvider? time = null)
    {
        lock (_lock)
        {
            _sessions.TryGetValue(clientId, out var existing);
            if (existing is not null && !string.Equals(existing.Owner, owner, StringComparison.Ordinal))
            {
                session = existing;
                sessionPresent = false;
                occupant = null;
                return AttachOutcome.OwnedByAnother;
            }

            if (existing?.Connection is { } other && other != connection)
            {
                session = existing;
                sessionPresent = false;
                occupant = other;
                return AttachOutcome.Occupied;
            }

            occupant = null;
            // MQTT 5.0 §3.1.2.11.2: a session away longer than its own expiry interval is gone, swept or not.
            var expired = existing is { Connection: null, ExpiryInterval: { } expiry } && time is not null
                && time.GetElapsedTime(existing.DetachedAt) >= expiry;
            if (existing is not null && (cleanSession || !existing.IsPersistent || expired))
            {
                RemoveLocked(existing);
                existing = null;
            }

            sessionPresent = existing is not null;
            session = existing ?? createSession(clientId, owner, persistent ?? !cleanSession);
            session.IsPersistent = persistent ?? session.IsPersistent;
            _sessions[clientId] = session;
            session.Connection = connection;
            if (session.IsPersistent && Journal is { } journal)
            {
                if (existing is null)
                {
                    session.UseJournal(journal);
                }

                journal.SessionSaved(session, connected: true);
            }

            return AttachOutcome.Attached;
        }
    }

    /// <summary>Unbinds the connection; a non-persistent session ends here with its subscriptions.</summary>
    public void Detach(MqttConnection connection, MqttSession session, long timestamp)
    {
        lock (_lock)
        {
            if (session.Connection != connection)
            {
                return;
            }

            session.Connection = null;
            session.DetachedAt = timestamp;
            if (!session.IsPersistent)
            {
                RemoveLocked(session);
            }
            else
            {
                Journal?.SessionSaved(session, connected: false);
            }
        }
    }

    /// <summary>
    /// Removes persistent sessions whose client has been away longer than <paramref name="maxAge"/>; returns how many.
    /// MQTT 3.1.1 keeps them forever, which a broker for churning devices cannot afford (mosquitto's
    /// persistent_client_expiration is the same idea).
    /// </summary>
    public int RemoveExpired(TimeProvider time, TimeSpan maxAge)
    {
        var removed = 0;
        lock (_lock)
        {
            var now = time.GetTimestamp();
            foreach (var session in _sessions.Values)
            {
                var limit = session.ExpiryInterval is { } own && own < maxAge ? own : maxAge;
                if (session.Connection is null && time.GetElapsedTime(session.DetachedAt, now) > limit)
                {
                    RemoveLocked(session);
                    removed++;
                }
            }
        }

        return removed;
    }

    /// <summary>
    /// Removes every session of <paramref name="owner"/> that no connection holds (the owner's credentials changed
    /// or it was removed); the caller closes connected ones first. Returns how many were removed.
    /// </summary>
    public int RemoveDetached(string owner)
    {
        var removed = 0;
        lock (_lock)
        {
            foreach (var session in _sessions.Values)
            {
                if (session.Connection is null && string.Equals(session.Owner, owner, StringComparison.Ordinal))
                {
                    RemoveLocked(session);
                    removed++;
                }
            }
        }

        return removed;
    }

    private void RemoveLocked(MqttSession session)
    {
        _sessions.TryRemove(new KeyValuePair<string, MqttSession>(session.ClientId, session));
        index.RemoveSubscriber(session);
        session.ResetSubscriptionCount();
        session.Discard();
        if (session.IsPersistent)
        {
            Journal?.SessionRemoved(session.ClientId);
        }
    }
}
