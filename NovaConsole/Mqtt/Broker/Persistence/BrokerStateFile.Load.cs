using Microsoft.Data.Sqlite;
using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Broker.Sessions;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Persistence;

/// <summary>A persistent session as read back at start.</summary>
internal sealed class StoredSession(string clientId, string? owner, DateTimeOffset? detachedAt)
{
    public string ClientId { get; } = clientId;

    public string? Owner { get; } = owner;

    /// <summary>Null: its client was connected when the broker stopped.</summary>
    public DateTimeOffset? DetachedAt { get; } = detachedAt;

    public List<SubscriptionInfo> Subscriptions { get; } = [];

    /// <summary>In sequence order, which is the order they were queued and first sent (MQTT 3.1.1 §4.6).</summary>
    public List<PersistedMessage> Messages { get; } = [];

    public List<ushort> IncomingQos2 { get; } = [];
}

internal sealed record BrokerStateSnapshot(List<RetainedMessage> Retained, List<StoredSession> Sessions);

internal sealed partial class BrokerStateFile
{
    public BrokerStateSnapshot Load()
    {
        var retained = new List<RetainedMessage>();
        Read("SELECT topic, payload, qos, owner FROM retained", r => retained.Add(new RetainedMessage(
            r.GetString(0), (byte[])r.GetValue(1), (MqttQualityOfService)r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3))));

        var sessions = new Dictionary<string, StoredSession>(StringComparer.Ordinal);
        Read("SELECT client_id, owner, detached_ms FROM sessions", r => sessions[r.GetString(0)] = new StoredSession(
            r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))));

        Read("SELECT client_id, filter, options FROM subscriptions", r =>
        {
            if (sessions.TryGetValue(r.GetString(0), out var session) &&
                SubscriptionRecord.TryRead(r.GetString(1), (byte[])r.GetValue(2), out var subscription))
            {
                session.Subscriptions.Add(subscription);
            }
        });

        Read("SELECT client_id, seq, topic, payload, qos, retain, packet_id, flow FROM messages ORDER BY client_id, seq", r =>
        {
            var qos = (MqttQualityOfService)r.GetInt32(4);
            if (sessions.TryGetValue(r.GetString(0), out var session) && qos is MqttQualityOfService.AtLeastOnce or MqttQualityOfService.ExactlyOnce)
            {
                var message = new MqttApplicationMessage(r.GetString(2), (byte[])r.GetValue(3), qos);
                session.Messages.Add(new PersistedMessage(
                    r.GetInt64(1), message, qos, r.GetInt64(5) != 0, (ushort)r.GetInt32(6), (PersistedFlow)r.GetInt32(7)));
            }
        });

        Read("SELECT client_id, packet_id FROM incoming_qos2", r =>
        {
            if (sessions.TryGetValue(r.GetString(0), out var session))
            {
                session.IncomingQos2.Add((ushort)r.GetInt32(1));
            }
        });

        return new BrokerStateSnapshot(retained, [.. sessions.Values]);
    }

    private void Read(string sql, Action<SqliteDataReader> row)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            row(reader);
        }
    }
}
