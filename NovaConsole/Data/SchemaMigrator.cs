using Microsoft.Data.Sqlite;

namespace NovaConsole.Data;

/// <summary>
/// Brings a database up to the newest schema step, one transaction per step, recording each in
/// <c>schema_version</c>. A database from an older build keeps its rows: steps only add or reshape.
/// </summary>
internal sealed partial class SchemaMigrator(ILogger<SchemaMigrator> logger)
{
    public int Migrate(string connectionString, IReadOnlyList<SchemaStep> steps)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, null, "PRAGMA journal_mode=WAL;");
        Execute(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_utc TEXT NOT NULL
            );
            """);

        var current = CurrentVersion(connection);
        var newest = steps.Count == 0 ? 0 : steps.Max(s => s.Version);
        if (current > newest)
        {
            throw new InvalidOperationException(
                $"The database is at schema version {current}, newer than this build knows ({newest}). Run a newer NovaConsole.");
        }

        foreach (var step in steps.Where(s => s.Version > current).OrderBy(s => s.Version))
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, step.Sql);
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_version(version, name, applied_utc) VALUES ($v, $n, $t)";
                record.Parameters.AddWithValue("$v", step.Version);
                record.Parameters.AddWithValue("$n", step.Name);
                record.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("O"));
                record.ExecuteNonQuery();
            }
            transaction.Commit();
            LogStepApplied(step.Version, step.Name);
            current = step.Version;
        }
        return current;
    }

    public static int CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applied schema step {Version}: {Name}")]
    private partial void LogStepApplied(int version, string name);
}
