using Microsoft.Extensions.Options;
using Quartz;

namespace NovaConsole.Telemetry;

/// <summary>Daily: deletes telemetry history older than <see cref="TelemetryOptions.RetentionDays"/>.</summary>
[DisallowConcurrentExecution]
internal sealed class TelemetryRetentionJob(TelemetryStore store, IOptions<TelemetryOptions> options, TimeProvider time, ILogger<TelemetryRetentionJob> logger) : IJob
{
    public async Task Execute(IJobExecutionContext context)
    {
        if (options.Value.RetentionDays == 0) return;
        var cutoff = time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var deleted = await store.DeleteOlderThanAsync(cutoff, context.CancellationToken);
        TelemetryLog.RetentionDeleted(logger, deleted, cutoff);
    }
}
