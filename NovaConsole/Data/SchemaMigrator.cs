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

        var applied = AppliedVersions(connection);
        var newest = steps.Count == 0 ? 0 : steps.Max(s => s.Version);
        if (applied.Count > 0 && applied.Max() > newest)
        {
            throw new InvalidOperationException(
                $"The database is at schema version {applied.Max()}, newer than this build knows ({newest}). Run a newer NovaConsole.");
        }

        // Every step not yet recorded, in order: features number their steps in their own ranges, so a
        // lower-numbered step can arrive after a higher one was applied and must still run.
        foreach (var step in steps.Where(s => !applied.Contains(s.Version)).OrderBy(s => s.Version))
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
        }
        return CurrentVersion(connection);
    }

    private static HashSet<int> AppliedVersions(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version";
        using var reader = command.ExecuteReader();
        var versions = new HashSet<int>();
        while (reader.Read()) versions.Add(reader.GetInt32(0));
        return versions;
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
