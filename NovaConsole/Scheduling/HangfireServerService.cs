using Hangfire;
using Hangfire.Common;

namespace NovaConsole.Scheduling;

/// <summary>
/// Hangfire's server, started and stopped with the host. Hangfire's own hosted service fails the whole host stop when
/// the shutdown timeout has run out before its workers are done (Kestrel stops first and can use all of it draining
/// open connections); here the jobs still running are abandoned with a warning instead, which the rule in
/// Scheduling/README.md makes safe: a job runs again, and what it missed is found from SQLite at the next start.
/// </summary>
internal sealed class HangfireServerService(
    JobStorage storage,
    JobActivator activator,
    IJobFilterProvider filters,
    ITimeZoneResolver timeZones,
    ILogger<HangfireServerService> logger) : IHostedService, IDisposable
{
    private BackgroundJobServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            // Jobs are few and short; a worker per core is plenty on a small server.
            WorkerCount = Math.Max(2, Environment.ProcessorCount),
            // Delayed jobs (automation's delay actions) start within a second of their time, not Hangfire's default 15 s.
            SchedulePollingInterval = TimeSpan.FromSeconds(1),
            Activator = activator,
            FilterProvider = filters,
            TimeZoneResolver = timeZones,
        }, storage);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null) return;
        _server.SendStop();
        try
        {
            await _server.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            SchedulingLog.StopAbandonedJobs(logger);
        }
    }

    public void Dispose() => _server?.Dispose();
}
