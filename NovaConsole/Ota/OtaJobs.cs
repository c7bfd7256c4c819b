using System.Collections.Concurrent;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;
using NovaConsole.Scheduling;

namespace NovaConsole.Ota;

/// <summary>
/// Asks Hangfire to step a campaign soon (a progress report, a device that subscribed, a resume). Requests for a
/// campaign whose step is already enqueued and not yet started are folded into it, so ten thousand devices
/// subscribing at once make a handful of jobs, not ten thousand. The job carries only the campaign id.
/// </summary>
internal sealed class OtaStepScheduler(IServiceProvider services)
{
    private readonly ConcurrentDictionary<long, byte> _pending = new();

    public void Request(long campaignId)
    {
        if (!_pending.TryAdd(campaignId, 0)) return;
        try
        {
            services.GetRequiredService<IBackgroundJobClient>().Enqueue<OtaStepJob>(j => j.RunAsync(campaignId, CancellationToken.None));
        }
        catch
        {
            _pending.TryRemove(campaignId, out _);
            throw;
        }
    }

    public void Started(long campaignId) => _pending.TryRemove(campaignId, out _);
}

/// <summary>One campaign's step, run by Hangfire.</summary>
[AutomaticRetry(Attempts = 0)]
internal sealed class OtaStepJob(OtaEngine engine, OtaStepScheduler scheduler, ILogger<OtaStepJob> logger)
{
    public async Task RunAsync(long campaignId, CancellationToken ct)
    {
        scheduler.Started(campaignId);
        try
        {
            await engine.StepAsync(campaignId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            OtaLog.StepFailed(logger, e, campaignId);
        }
    }
}

/// <summary>
/// Every minute, and once as the app starts: steps every campaign that is not finished (a start time reached,
/// timeouts, batch advances). At start this is how a campaign interrupted by a stop or a crash resumes from SQLite.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 300)]
internal sealed class OtaTickJob(IDbContextFactory<NovaDbContext> dbFactory, OtaEngine engine, ILogger<OtaTickJob> logger) : IScheduledJob
{
    public const string Id = "ota-campaigns";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        List<long> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            ids = await db.OtaCampaigns.Where(c => c.State != OtaCampaignStates.Completed
                    && (c.State != OtaCampaignStates.Cancelled || db.OtaTasks.Any(t => t.CampaignId == c.Id && OtaTaskStates.Active.Contains(t.State))))
                .Select(c => c.Id).ToListAsync(cancellationToken);
        }
        foreach (var id in ids)
        {
            try
            {
                await engine.StepAsync(id, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                OtaLog.StepFailed(logger, e, id);
            }
        }
    }
}
