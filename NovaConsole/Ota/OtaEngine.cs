using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NovaConsole.Data;

namespace NovaConsole.Ota;

/// <summary>
/// One step of a campaign, safe to run again at any time (Scheduling/README.md): start it when due, settle timeouts,
/// pause it when failures pass the threshold, advance a settled batch, and inform queued devices up to maxInFlight.
/// Everything it decides is read from and written to SQLite; steps of one campaign never overlap in this process.
/// </summary>
internal sealed class OtaEngine(
    IDbContextFactory<NovaDbContext> dbFactory,
    OtaInformer informer,
    IOptions<OtaOptions> options,
    OtaClock clock,
    OtaDeadlines deadlines,
    NovaConsole.Live.OtaNotifications notifications,
    ILogger<OtaEngine> logger)
{
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _gates = new();

    public static CampaignPlan ReadPlan(OtaCampaign campaign) => JsonSerializer.Deserialize<CampaignPlan>(campaign.PlanJson)!;

    /// <summary>The per-campaign gate: campaign-level changes (pause, cancel, steps) take it so they never interleave.</summary>
    public SemaphoreSlim Gate(long campaignId) => _gates.GetOrAdd(campaignId, _ => new SemaphoreSlim(1, 1));

    public async Task StepAsync(long campaignId, CancellationToken ct = default)
    {
        var gate = Gate(campaignId);
        await gate.WaitAsync(ct);
        try
        {
            await StepLockedAsync(campaignId, ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await deadlines.ArmAsync(db, campaignId, ct);
        }
        finally
        {
            gate.Release();
            notifications.Changed(campaignId);
        }
    }

    private async Task StepLockedAsync(long id, CancellationToken ct)
    {
        var now = clock.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var campaign = await db.OtaCampaigns.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null || campaign.State == OtaCampaignStates.Completed) return;
        var plan = ReadPlan(campaign);

        if (campaign.State == OtaCampaignStates.Scheduled)
        {
            if (campaign.StartAtUtc > now) return;
            campaign.State = OtaCampaignStates.Running;
            await StartBatchAsync(db, campaign, 0, now, ct);
            OtaLog.CampaignState(logger, id, campaign.Name, campaign.State, "");
        }

        await SettleTimeoutsAsync(db, campaign, plan, now, ct);
        if (campaign.State != OtaCampaignStates.Running) return;

        if (await FailureReasonAsync(db, campaign, plan, ct) is { } reason)
        {
            await PauseAsync(db, campaign, "auto: " + reason, ct);
            return;
        }
        var openInBatch = await db.OtaTasks.CountAsync(t => t.CampaignId == id && t.Batch == campaign.CurrentBatch && OtaTaskStates.Open.Contains(t.State), ct);
        if (openInBatch == 0)
        {
            if (campaign.CurrentBatch + 1 >= campaign.BatchCount)
            {
                if (await db.OtaTasks.AnyAsync(t => t.CampaignId == id && OtaTaskStates.Open.Contains(t.State), ct)) return;
                campaign.State = OtaCampaignStates.Completed;
                campaign.FinishedUtc = now;
                await db.SaveChangesAsync(ct);
                OtaLog.CampaignState(logger, id, campaign.Name, campaign.State, "");
                return;
            }
            await StartBatchAsync(db, campaign, campaign.CurrentBatch + 1, now, ct);
            if (plan.PauseBetweenBatches)
            {
                await PauseAsync(db, campaign, $"between batches: batch {campaign.CurrentBatch + 1} of {campaign.BatchCount} is next", ct);
                return;
            }
        }
        await InformQueuedAsync(db, campaign, plan, now, ct);
    }

    private async Task StartBatchAsync(NovaDbContext db, OtaCampaign campaign, int batch, DateTime now, CancellationToken ct)
    {
        campaign.CurrentBatch = batch;
        campaign.BatchStartedUtc = now;
        await db.SaveChangesAsync(ct);
        await db.OtaTasks.Where(t => t.CampaignId == campaign.Id && t.Batch == batch && t.State == OtaTaskStates.Planned).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.State, OtaTaskStates.Queued)
            .SetProperty(t => t.QueuedUtc, now), ct);
    }

    private async Task PauseAsync(NovaDbContext db, OtaCampaign campaign, string reason, CancellationToken ct)
    {
        campaign.State = OtaCampaignStates.Paused;
        campaign.PauseReason = reason;
        await db.SaveChangesAsync(ct);
        OtaLog.CampaignState(logger, campaign.Id, campaign.Name, campaign.State, ": " + reason);
    }

    /// <summary>
    /// Failures (failed and timed out) over finished devices (those and succeeded), in the current batch and over
    /// the whole campaign, against failurePausePercent once minSample devices finished. Batches whose failures a
    /// person accepted by resuming are left out.
    /// </summary>
    private static async Task<string?> FailureReasonAsync(NovaDbContext db, OtaCampaign campaign, CampaignPlan plan, CancellationToken ct)
    {
        if (plan.FailurePausePercent is not { } limit) return null;
        var rows = await db.OtaTasks.Where(t => t.CampaignId == campaign.Id && t.Batch > campaign.FailuresAcceptedThrough
                && (t.State == OtaTaskStates.Succeeded || t.State == OtaTaskStates.Failed || t.State == OtaTaskStates.TimedOut))
            .GroupBy(t => new { t.Batch, Bad = t.State != OtaTaskStates.Succeeded })
            .Select(g => new { g.Key.Batch, g.Key.Bad, Count = g.Count() }).ToListAsync(ct);
        string? Check(string scope, int finished, int failures) =>
            finished >= plan.MinSample && failures * 100.0 / finished > limit
                ? $"{failures} of {finished} finished devices failed in {scope} ({failures * 100.0 / finished:0.#}% > {limit}%)"
                : null;
        var current = rows.Where(r => r.Batch == campaign.CurrentBatch).ToList();
        return Check($"batch {campaign.CurrentBatch + 1}", current.Sum(r => r.Count), current.Where(r => r.Bad).Sum(r => r.Count))
            ?? Check("the campaign", rows.Sum(r => r.Count), rows.Where(r => r.Bad).Sum(r => r.Count));
    }

    private async Task SettleTimeoutsAsync(NovaDbContext db, OtaCampaign campaign, CampaignPlan plan, DateTime now, CancellationToken ct)
    {
        var ackBefore = now.AddSeconds(-plan.AckSeconds);
        var stallBefore = now.AddSeconds(-plan.StallSeconds);
        var totalBefore = now.AddSeconds(-plan.TotalSeconds);
        var confirmBefore = now.AddSeconds(-options.Value.VersionConfirmSeconds);
        var due = await db.OtaTasks.AsNoTracking().Where(t => t.CampaignId == campaign.Id && (
                (t.State == OtaTaskStates.Informed && t.LastProgressUtc == null && t.InformedUtc <= ackBefore)
                || ((t.State == OtaTaskStates.Informed || t.State == OtaTaskStates.InProgress) && t.LastProgressUtc != null && t.LastProgressUtc <= stallBefore)
                || (t.State == OtaTaskStates.Reported && t.ReportedUtc <= confirmBefore)
                || ((t.State == OtaTaskStates.Queued || t.State == OtaTaskStates.Informed || t.State == OtaTaskStates.InProgress || t.State == OtaTaskStates.Reported)
                    && t.QueuedUtc <= totalBefore)))
            .ToListAsync(ct);
        foreach (var task in due)
        {
            AttemptEnding ending;
            if (task.QueuedUtc <= totalBefore)
                ending = new(OtaTaskStates.TimedOut, null, null, OtaTimeouts.Total, $"timed out: not done {plan.TotalSeconds} s after its batch started", false);
            else if (task.State == OtaTaskStates.Reported)
                ending = new(OtaTaskStates.Failed, OtaFailures.NotConfirmed, null, null,
                    $"failed: step 100, but the new version was not reported within {options.Value.VersionConfirmSeconds} s", false);
            else if (task.State == OtaTaskStates.Informed && task.LastProgressUtc == null)
                ending = new(OtaTaskStates.TimedOut, null, null, OtaTimeouts.Ack, $"timed out: no progress or download {plan.AckSeconds} s after the inform", true);
            else
                ending = new(OtaTaskStates.TimedOut, null, null, OtaTimeouts.Stall, $"timed out: no progress for {plan.StallSeconds} s", false);
            await OtaTaskEndings.EndAsync(db, task, campaign.State, plan, ending, now, ct);
        }
    }

    private async Task InformQueuedAsync(NovaDbContext db, OtaCampaign campaign, CampaignPlan plan, DateTime now, CancellationToken ct)
    {
        var inFlight = await db.OtaTasks.CountAsync(t => t.CampaignId == campaign.Id && OtaTaskStates.Active.Contains(t.State), ct);
        var slots = plan.MaxInFlight - inFlight;
        if (slots <= 0) return;
        var package = await db.OtaPackages.AsNoTracking().FirstAsync(p => p.Id == campaign.PackageId, ct);
        var lastId = 0L;
        while (slots > 0)
        {
            // Devices not listening now stay queued and are informed when they next subscribe; read on past them.
            var queued = await db.OtaTasks.AsNoTracking()
                .Where(t => t.CampaignId == campaign.Id && t.State == OtaTaskStates.Queued && t.Batch <= campaign.CurrentBatch && t.Id > lastId
                    && (t.NotBeforeUtc == null || t.NotBeforeUtc <= now))
                .OrderBy(t => t.Id).Take(1000).ToListAsync(ct);
            if (queued.Count == 0) return;
            lastId = queued[^1].Id;
            foreach (var task in queued)
            {
                if (slots <= 0) return;
                if (await informer.InformAsync(db, campaign, plan, package, task, now, ct)) slots--;
            }
        }
    }
}
