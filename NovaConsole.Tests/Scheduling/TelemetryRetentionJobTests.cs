using Hangfire;
using Hangfire.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Scheduling;

/// <summary>Retention on Hangfire: daily at 03:30 UTC, and at every start for what the stopped process missed.</summary>
public sealed class TelemetryRetentionJobTests
{
    [Fact]
    public async Task Retention_is_a_recurring_job_at_half_past_three_utc()
    {
        await using var host = await AppHost.StartAsync();

        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == TelemetryRetentionJob.Id);

        Assert.Equal("30 3 * * *", job.Cron);
        Assert.Equal("UTC", job.TimeZoneId);
        Assert.Equal(typeof(TelemetryRetentionJob), job.Job.Type);
    }

    [Fact]
    public async Task History_that_expired_while_the_app_was_stopped_is_deleted_as_it_starts_again()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "novaconsole-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var now = DateTimeOffset.UtcNow;
            // RetentionDays=0 keeps all while this run only writes the history (its own start-up run would race the inserts).
            await using (var before = await AppHost.StartAsync($"--Storage:DataPath={dataPath}", "--Telemetry:RetentionDays=0"))
            {
                var ingest = before.Services.GetRequiredService<TelemetryIngest>();
                await ingest.StoreAsync(new TelemetryMessage("DEV-200001", now.AddDays(-40), [new("temperature", TelemetryValue.FromNumber(1))]), CancellationToken.None);
                await ingest.StoreAsync(new TelemetryMessage("DEV-200001", now.AddDays(-1), [new("temperature", TelemetryValue.FromNumber(2))]), CancellationToken.None);
            }
            Assert.Equal([1.0, 2.0], StoredValues(dataPath));

            await using var after = await AppHost.StartAsync($"--Storage:DataPath={dataPath}");

            await Eventually.TrueAsync(() => StoredValues(dataPath) is [2.0], "the start-up run deleted the 40-day-old point");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static double[] StoredValues(string dataPath)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "novaconsole.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT p.num FROM telemetry_points p JOIN telemetry_series s ON s.id = p.series_id WHERE s.device_id = 'DEV-200001' ORDER BY p.num";
        using var reader = command.ExecuteReader();
        var values = new List<double>();
        while (reader.Read()) values.Add(reader.GetDouble(0));
        return [.. values];
    }
}
