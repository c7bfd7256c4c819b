using System.Reflection;
using Microsoft.Data.Sqlite;
using NovaConsole.Data;
using NovaConsole.Hosting;

namespace NovaConsole.Health;

/// <summary>What the process knows about itself: version, uptime, database, listeners. Read by /healthz and the dashboard.</summary>
internal sealed class SystemStatus(DatabaseLocation database, ListenerRegistry listeners, TimeProvider time, AppStartTime started)
{
    public static readonly string Version =
        typeof(SystemStatus).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public TimeSpan Uptime => time.GetUtcNow() - started.Value;

    public IReadOnlyList<ListenerInfo> Listeners => listeners.Snapshot();

    public string DatabasePath => database.Path;

    public long DatabaseBytes => new[] { database.Path, database.Path + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);

    /// <summary>"ok", or the SQLite error that stopped a trivial query.</summary>
    public async Task<string> ProbeDatabaseAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(database.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(ct);
            return "ok";
        }
        catch (SqliteException e)
        {
            return $"error: {e.Message}";
        }
    }

    public async Task<int> SchemaVersionAsync(CancellationToken ct)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        return SchemaMigrator.CurrentVersion(connection);
    }
}
