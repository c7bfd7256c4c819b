using Hangfire;
using Microsoft.Extensions.Options;
using NovaConsole.Scheduling;

namespace NovaConsole.Telemetry;

/// <summary>
/// Deletes telemetry history older than <see cref="TelemetryOptions.RetentionDays"/>. The cutoff comes from the clock
/// and the rows from SQLite, so a repeated or late run deletes exactly what is due and nothing else.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 600)]
internal sealed class TelemetryRetentionJob(TelemetryStore store, IOptionsMonitor<TelemetryOptions> options, TimeProvider time, ILogger<TelemetryRetentionJob> logger) : IScheduledJob
{
    public const string Id = "telemetry-retention";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Read at each run: the retention changes without a restart (Settings page).
        var days = options.CurrentValue.RetentionDays;
        if (days == 0) return;
        var cutoff = time.GetUtcNow().AddDays(-days);
        var deleted = await store.DeleteOlderThanAsync(cutoff, cancellationToken);
        TelemetryLog.RetentionDeleted(logger, deleted, cutoff);
    }
}
