using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;
using NovaConsole.Shared;

namespace NovaConsole.Ota;

/// <summary>
/// Campaigns as people drive them: create (or dry-run), pause, resume, cancel, and retry or cancel one device.
/// Changes to a campaign take its step gate, so they never interleave with a step.
/// </summary>
internal sealed class OtaCampaignService(
    IDbContextFactory<NovaDbContext> dbFactory,
    OtaPlanner planner,
    OtaEngine engine,
    OtaStepScheduler steps,
    OtaClock clock,
    NovaConsole.Live.OtaNotifications notifications,
    ILogger<OtaCampaignService> logger)
{
    public const int MaxTake = 1000;

    public async Task<Outcome<CampaignPreview>> DryRunAsync(CreateCampaignRequest request, CancellationToken ct)
    {
        var planned = await planner.PlanAsync(request, ct);
        return planned.Succeeded ? Outcome<CampaignPreview>.Ok(planned.Value.Preview) : new Outcome(planned.Error, planned.Kind);
    }

    /// <summary>Writes the campaign and one task per target (excluded devices as skipped, with the reason).</summary>
    public async Task<Outcome<long>> CreateAsync(CreateCampaignRequest request, string createdBy, string origin, CancellationToken ct)
    {
        var planned = await planner.PlanAsync(request, ct);
        if (!planned.Succeeded) return new Outcome(planned.Error, planned.Kind);
        var (preview, package) = planned.Value;
        if (preview.Targets.Count == 0) return Outcome.Invalid("No device can take this package: " + Summary(preview.Exclusions));
        var now = clock.UtcNow;
        var startAt = request.StartAt?.UtcDateTime;
        var campaign = new OtaCampaign
        {
            Name = request.Name!.Trim(), PackageId = package.Id, State = OtaCampaignStates.Scheduled, PlanJson = JsonSerializer.Serialize(preview.Plan),
            BatchCount = preview.Batches.Count, CurrentBatch = 0, StartAtUtc = startAt, RequireVersionConfirm = request.RequireVersionConfirm ?? true,
            Origin = origin, CreatedBy = createdBy, CreatedUtc = now,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.OtaCampaigns.Add(campaign);
            await db.SaveChangesAsync(ct);
            var batch = 0;
            var inBatch = 0;
            foreach (var deviceId in preview.Targets)
            {
                if (inBatch == preview.Batches[batch])
                {
                    batch++;
                    inBatch = 0;
                }
                inBatch++;
                db.OtaTasks.Add(new OtaTask { CampaignId = campaign.Id, DeviceId = deviceId, Module = package.Module, Batch = batch, State = OtaTaskStates.Planned });
            }
            foreach (var excluded in preview.Exclusions.Where(e => e.Reason != "unknown device"))
            {
                db.OtaTasks.Add(new OtaTask
                {
                    CampaignId = campaign.Id, DeviceId = excluded.DeviceId, Module = package.Module, Batch = -1, State = OtaTaskStates.Skipped,
                    SkipReason = excluded.Reason, LastMessage = "skipped: " + excluded.Reason, FinishedUtc = now,
                });
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        OtaLog.CampaignState(logger, campaign.Id, campaign.Name, campaign.State, startAt is { } at ? $": starts at {at:O}" : "");
        notifications.Changed(campaign.Id);
        steps.Request(campaign.Id);
        return Outcome<long>.Ok(campaign.Id);
    }

    private static string Summary(IReadOnlyList<CampaignExclusion> exclusions) =>
        exclusions.Count == 0 ? "no device matched the targets." :
        string.Join("; ", exclusions.GroupBy(e => e.Reason).Select(g => $"{g.Count()} × {g.Key}")) + ".";

    public async Task<CampaignView?> GetAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.OtaCampaigns.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return c is null ? null : View(c, await CountsAsync(db, id, ct));
    }

    public async Task<IReadOnlyList<CampaignView>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var campaigns = await db.OtaCampaigns.AsNoTracking().OrderByDescending(c => c.Id).Take(200).ToListAsync(ct);
        var list = new List<CampaignView>(campaigns.Count);
        foreach (var c in campaigns) list.Add(View(c, await CountsAsync(db, c.Id, ct)));
        return list;
    }

    /// <summary>Counts are always a recount of the task rows: there is no counter to drift.</summary>
    public static async Task<CampaignCounts> CountsAsync(NovaDbContext db, long id, CancellationToken ct)
    {
        var byState = await db.OtaTasks.Where(t => t.CampaignId == id).GroupBy(t => t.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return CampaignCounts.From(byState);
    }

    private static CampaignView View(OtaCampaign c, CampaignCounts counts) => new(c.Id, c.Name, c.PackageId, c.State, c.PauseReason, c.CurrentBatch,
        c.BatchCount, c.RequireVersionConfirm, c.StartAtUtc, c.CreatedUtc, c.CreatedBy, c.FinishedUtc, OtaEngine.ReadPlan(c), counts);

    public async Task<IReadOnlyList<CampaignDeviceView>?> DevicesAsync(long id, string? state, int skip, int take, CancellationToken ct) =>
        await DevicesAsync(id, new CampaignDeviceFilter(state), skip, take, ct);

    public async Task<IReadOnlyList<CampaignDeviceView>?> DevicesAsync(long id, CampaignDeviceFilter filter, int skip, int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.OtaCampaigns.AnyAsync(c => c.Id == id, ct)) return null;
        var rows = await filter.Apply(db.OtaTasks.AsNoTracking().Where(t => t.CampaignId == id)).OrderBy(t => t.Id).Skip(skip).Take(take).ToListAsync(ct);
        return rows.ConvertAll(OtaCampaignReads.View);
    }

    public async Task<bool> ExistsAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.OtaCampaigns.AnyAsync(c => c.Id == id, ct);
    }

    public Task<Outcome> PauseAsync(long id, string user, CancellationToken ct) => ChangeAsync(id, async (db, c) =>
    {
        if (c.State is not (OtaCampaignStates.Running or OtaCampaignStates.Scheduled)) return Outcome.Conflict($"Campaign {id} is {c.State}; only a running or scheduled campaign pauses.");
        c.State = OtaCampaignStates.Paused;
        c.PauseReason = $"paused by {user}";
        await db.SaveChangesAsync(ct);
        return Outcome.Ok();
    }, ct);

    public Task<Outcome> ResumeAsync(long id, string user, CancellationToken ct) => ChangeAsync(id, async (db, c) =>
    {
        if (c.State != OtaCampaignStates.Paused) return Outcome.Conflict($"Campaign {id} is {c.State}; only a paused campaign resumes.");
        // Resuming after an automatic pause accepts the failures seen so far; later batches are judged afresh.
        if (c.PauseReason?.StartsWith("auto:", StringComparison.Ordinal) == true) c.FailuresAcceptedThrough = c.CurrentBatch;
        c.State = c.BatchStartedUtc is null ? OtaCampaignStates.Scheduled : OtaCampaignStates.Running;
        c.PauseReason = null;
        await db.SaveChangesAsync(ct);
        return Outcome.Ok();
    }, ct);

    /// <summary>
    /// No inform goes out afterwards and every download token of the campaign answers 410 at once; devices already
    /// installing are followed to their end and shown as finished after cancel.
    /// </summary>
    public Task<Outcome> CancelAsync(long id, string user, CancellationToken ct) => ChangeAsync(id, async (db, c) =>
    {
        if (c.State is OtaCampaignStates.Cancelled or OtaCampaignStates.Completed) return Outcome.Conflict($"Campaign {id} is already {c.State}.");
        var now = clock.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        c.State = OtaCampaignStates.Cancelled;
        c.PauseReason = $"cancelled by {user}";
        c.FinishedUtc = now;
        await db.SaveChangesAsync(ct);
        await db.OtaTasks.Where(t => t.CampaignId == id && (t.State == OtaTaskStates.Planned || t.State == OtaTaskStates.Queued)).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.State, OtaTaskStates.Cancelled).SetProperty(t => t.FinishedUtc, now).SetProperty(t => t.LastMessage, $"cancelled by {user}"), ct);
        await db.OtaTasks.Where(t => t.CampaignId == id && OtaTaskStates.Active.Contains(t.State)).ExecuteUpdateAsync(s => s.SetProperty(t => t.AfterCancel, true), ct);
        await db.OtaAttempts.Where(a => !a.Revoked && db.OtaTasks.Any(t => t.Id == a.TaskId && t.CampaignId == id))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Revoked, true), ct);
        await tx.CommitAsync(ct);
        return Outcome.Ok();
    }, ct);

    /// <summary>A device whose task ended without success gets a new attempt (new id, new token) as soon as its campaign informs again.</summary>
    public Task<Outcome> RetryDeviceAsync(long id, string deviceId, CancellationToken ct) => ChangeAsync(id, async (db, c) =>
    {
        if (c.State is not (OtaCampaignStates.Running or OtaCampaignStates.Paused)) return Outcome.Conflict($"Campaign {id} is {c.State}; retries need a running or paused campaign.");
        var task = await db.OtaTasks.FirstOrDefaultAsync(t => t.CampaignId == id && t.DeviceId == deviceId, ct);
        if (task is null) return Outcome.NotFound($"Device '{deviceId}' is not in campaign {id}.");
        if (task.State is not (OtaTaskStates.Failed or OtaTaskStates.TimedOut or OtaTaskStates.Cancelled))
            return Outcome.Conflict($"Device '{deviceId}' is {task.State}; only a failed, timed out or cancelled device is retried.");
        task.State = OtaTaskStates.Queued;
        task.QueuedUtc = clock.UtcNow;
        task.NotBeforeUtc = null;
        task.FinishedUtc = null;
        task.LastMessage = "retry requested";
        task.Batch = Math.Min(task.Batch, c.CurrentBatch);
        await db.SaveChangesAsync(ct);
        return Outcome.Ok();
    }, ct);

    public Task<Outcome> CancelDeviceAsync(long id, string deviceId, string user, CancellationToken ct) => ChangeAsync(id, async (db, c) =>
    {
        var task = await db.OtaTasks.FirstOrDefaultAsync(t => t.CampaignId == id && t.DeviceId == deviceId, ct);
        if (task is null) return Outcome.NotFound($"Device '{deviceId}' is not in campaign {id}.");
        if (OtaTaskStates.IsTerminal(task.State)) return Outcome.Conflict($"Device '{deviceId}' is already {task.State}.");
        var installing = Array.IndexOf(OtaTaskStates.Active, task.State) >= 0;
        task.State = OtaTaskStates.Cancelled;
        task.FinishedUtc = clock.UtcNow;
        task.LastMessage = installing ? $"cancelled by {user} while installing; its download link is revoked" : $"cancelled by {user}";
        await db.SaveChangesAsync(ct);
        await OtaTaskEndings.RevokeAsync(db, task.Id, ct);
        return Outcome.Ok();
    }, ct);

    private async Task<Outcome> ChangeAsync(long id, Func<NovaDbContext, OtaCampaign, Task<Outcome>> change, CancellationToken ct)
    {
        var gate = engine.Gate(id);
        await gate.WaitAsync(ct);
        Outcome outcome;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var campaign = await db.OtaCampaigns.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (campaign is null) return Outcome.NotFound($"No campaign with id {id}.");
            outcome = await change(db, campaign);
            if (outcome.Succeeded) OtaLog.CampaignState(logger, id, campaign.Name, campaign.State, campaign.PauseReason is { } r ? ": " + r : "");
        }
        finally
        {
            gate.Release();
        }
        if (outcome.Succeeded)
        {
            notifications.Changed(id);
            steps.Request(id);
        }
        return outcome;
    }
}
