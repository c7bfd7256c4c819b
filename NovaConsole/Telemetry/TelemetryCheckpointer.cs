using Microsoft.Data.Sqlite;
using NovaConsole.Data;

namespace NovaConsole.Telemetry;

/// <summary>
/// Copies the write-ahead log into the database file once a second, on its own connection and thread. The telemetry
/// writer turns SQLite's automatic checkpoint off for itself, which would otherwise run inside its commits every few
/// megabytes of WAL: at tens of thousands of points per second that is several times a second, on the thread that
/// bounds the ingest rate. PASSIVE never waits for readers or the writer; what it cannot copy now it copies next time.
/// </summary>
internal sealed class TelemetryCheckpointer(DatabaseLocation database, TimeProvider time, ILogger<TelemetryCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(stoppingToken);
                    await using var checkpoint = connection.CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                    await checkpoint.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (SqliteException e)
                {
                    TelemetryLog.CheckpointFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
