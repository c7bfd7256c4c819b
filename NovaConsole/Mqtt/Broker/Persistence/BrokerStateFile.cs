using Microsoft.Data.Sqlite;
using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Broker.Sessions;

namespace NovaConsole.Mqtt.Broker.Persistence;

/// <summary>
/// The broker's own SQLite file (not the console's database): retained messages, persistent sessions, their
/// subscriptions, QoS 1/2 messages and received QoS 2 identifiers. WAL with synchronous=NORMAL: a committed batch
/// survives the process being killed (the OS holds the WAL pages); a power cut may lose the last batches, never the
/// file's consistency. One connection, used by the journal's writer thread after the load at start.
/// </summary>
internal sealed partial class BrokerStateFile : IDisposable
{
    // PRAGMA user_version of this file: its own schema steps, apart from the console's database.
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE retained (topic TEXT NOT NULL PRIMARY KEY, payload BLOB NOT NULL, qos INTEGER NOT NULL, owner TEXT NULL) WITHOUT ROWID;
        CREATE TABLE sessions (client_id TEXT NOT NULL PRIMARY KEY, owner TEXT NULL, detached_ms INTEGER NULL) WITHOUT ROWID;
        CREATE TABLE subscriptions (client_id TEXT NOT NULL, filter TEXT NOT NULL, options BLOB NOT NULL, PRIMARY KEY (client_id, filter)) WITHOUT ROWID;
        CREATE TABLE messages (
            client_id TEXT NOT NULL, seq INTEGER NOT NULL, topic TEXT NOT NULL, payload BLOB NOT NULL, qos INTEGER NOT NULL,
            retain INTEGER NOT NULL, packet_id INTEGER NOT NULL, flow INTEGER NOT NULL, properties BLOB NULL,
            PRIMARY KEY (client_id, seq)) WITHOUT ROWID;
        CREATE TABLE incoming_qos2 (client_id TEXT NOT NULL, packet_id INTEGER NOT NULL, PRIMARY KEY (client_id, packet_id)) WITHOUT ROWID;
        """,
    ];

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = [];

    private BrokerStateFile(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    public string Path { get; }

    public static BrokerStateFile Open(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        CreatePrivate(path);

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        using (var version = connection.CreateCommand())
        {
            version.CommandText = "PRAGMA user_version";
            var current = Convert.ToInt32(version.ExecuteScalar());
            for (var step = current; step < Steps.Length; step++)
            {
                using var transaction = connection.BeginTransaction();
                Execute(connection, Steps[step] + $"\nPRAGMA user_version = {step + 1};", transaction);
                transaction.Commit();
            }
        }

        return new BrokerStateFile(connection, path);
    }

    /// <summary>Writes one batch of changes in one transaction.</summary>
    public void Write(
        Dictionary<string, ClientChanges> clients,
        Dictionary<string, RetainedMessage?> retained,
        Func<MqttSession, IReadOnlyList<SubscriptionInfo>> subscriptionsOf)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var (topic, message) in retained)
        {
            if (message is null)
            {
                Run(transaction, "DELETE FROM retained WHERE topic = $1", topic);
            }
            else
            {
                Run(transaction, "INSERT OR REPLACE INTO retained (topic, payload, qos, owner) VALUES ($1, $2, $3, $4)",
                    topic, message.Payload.ToArray(), (int)message.Qos, message.Owner);
            }
        }

        foreach (var (clientId, changes) in clients)
        {
            WriteClient(transaction, clientId, changes, subscriptionsOf);
        }

        transaction.Commit();
    }

    private void WriteClient(SqliteTransaction transaction, string clientId, ClientChanges changes, Func<MqttSession, IReadOnlyList<SubscriptionInfo>> subscriptionsOf)
    {
        if (changes.Reset)
        {
            foreach (var table in (ReadOnlySpan<string>)["sessions", "subscriptions", "messages", "incoming_qos2"])
            {
                Run(transaction, $"DELETE FROM {table} WHERE client_id = $1", clientId);
            }
        }

        if (changes.Session is { } session)
        {
            Run(transaction, "INSERT OR REPLACE INTO sessions (client_id, owner, detached_ms) VALUES ($1, $2, $3)",
                clientId, session.Owner, session.DetachedAt?.ToUnixTimeMilliseconds());
        }

        if (changes.SubscriptionsOf is { IsDiscarded: false } owner)
        {
            Run(transaction, "DELETE FROM subscriptions WHERE client_id = $1", clientId);
            foreach (var subscription in subscriptionsOf(owner))
            {
                Run(transaction, "INSERT INTO subscriptions (client_id, filter, options) VALUES ($1, $2, $3)",
                    clientId, subscription.Filter, SubscriptionRecord.Options(subscription));
            }
        }

        if (changes.Messages is { } messages)
        {
            foreach (var (sequence, (row, _)) in messages)
            {
                if (row is not { } message)
                {
                    Run(transaction, "DELETE FROM messages WHERE client_id = $1 AND seq = $2", clientId, sequence);
                }
                else
                {
                    Run(transaction, """
                        INSERT OR REPLACE INTO messages (client_id, seq, topic, payload, qos, retain, packet_id, flow)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                        """,
                        clientId, sequence, message.Message.Topic, message.Message.Payload.ToArray(), (int)message.QualityOfService,
                        message.Retain ? 1 : 0, (int)message.PacketIdentifier, (int)message.Flow);
                }
            }
        }

        if (changes.IncomingQos2 is { } incoming)
        {
            foreach (var (packetIdentifier, awaiting) in incoming)
            {
                Run(transaction, awaiting
                    ? "INSERT OR IGNORE INTO incoming_qos2 (client_id, packet_id) VALUES ($1, $2)"
                    : "DELETE FROM incoming_qos2 WHERE client_id = $1 AND packet_id = $2", clientId, (int)packetIdentifier);
            }
        }
    }

    // Statements are prepared once and reused with new values (the set of statements is small and fixed).
    private void Run(SqliteTransaction transaction, string sql, params object?[] values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = $"${i + 1}" });
            }

            _commands[sql] = command;
        }

        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    // Owner-only like every file in the data folder (retained payloads and queued commands are device data); SQLite
    // gives its -wal and -shm files the database file's mode.
    private static void CreatePrivate(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var _ = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created meanwhile: theirs stands.
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _connection.Dispose();
    }
}
