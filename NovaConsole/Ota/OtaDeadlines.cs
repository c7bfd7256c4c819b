using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NovaConsole.Data;

namespace NovaConsole.Ota;

/// <summary>
/// Steps a campaign exactly when its next deadline falls due (an ack, stall, total or confirmation timeout, a retry's
/// backoff, a scheduled start), instead of waiting for the minute tick. One timer, on the OTA clock, armed for the
/// nearest deadline over all campaigns. Deadlines are never kept only here: each is computed from the task rows
/// (informed_utc, last_progress_utc, reported_utc, queued_utc, not_before_utc) after every step, and the step that
/// runs at start re-arms them, so a restart loses none.
/// </summary>
internal sealed class OtaDeadlines(OtaClock clock, OtaStepScheduler steps, IOptions<OtaOptions> options) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, DateTime> _due = [];
    private ITimer? _timer;
    private DateTime? _armedFor;

    /// <summary>The nearest deadline a timer waits for (tests and diagnostics).</summary>
    public DateTime? NextDueUtc
    {
        get
        {
            lock (_gate) return _due.Count == 0 ? null : _due.Values.Min();
        }
    }

    public DateTime? DueFor(long campaignId)
    {
        lock (_gate) return _due.TryGetValue(campaignId, out var at) ? at : null;
    }

    /// <summary>Reads the campaign's nearest deadline from its task rows and arms the timer for it (none when it has none).</summary>
    public async Task ArmAsync(NovaDbContext db, long campaignId, CancellationToken ct)
    {
        var campaign = await db.OtaCampaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        DateTime? due = null;
        if (campaign is not null && campaign.State != OtaCampaignStates.Completed)
        {
            var plan = OtaEngine.ReadPlan(campaign);
            var tasks = db.OtaTasks.Where(t => t.CampaignId == campaignId);
            void Consider(DateTime? at)
            {
                if (at is { } a && (due is null || a < due)) due = a;
            }
            if (campaign.State == OtaCampaignStates.Scheduled) Consider(campaign.StartAtUtc);
            Consider((await tasks.Where(t => t.State == OtaTaskStates.Informed && t.LastProgressUtc == null).MinAsync(t => t.InformedUtc, ct))?.AddSeconds(plan.AckSeconds));
            Consider((await tasks.Where(t => (t.State == OtaTaskStates.Informed || t.State == OtaTaskStates.InProgress) && t.LastProgressUtc != null)
                .MinAsync(t => t.LastProgressUtc, ct))?.AddSeconds(plan.StallSeconds));
            Consider((await tasks.Where(t => t.State == OtaTaskStates.Reported).MinAsync(t => t.ReportedUtc, ct))?.AddSeconds(options.Value.VersionConfirmSeconds));
            Consider((await tasks.Where(t => t.State == OtaTaskStates.Queued || t.State == OtaTaskStates.Informed || t.State == OtaTaskStates.InProgress
                || t.State == OtaTaskStates.Reported).MinAsync(t => t.QueuedUtc, ct))?.AddSeconds(plan.TotalSeconds));
            if (campaign.State == OtaCampaignStates.Running)
            {
                var now = clock.UtcNow;
                Consider(await tasks.Where(t => t.State == OtaTaskStates.Queued && t.NotBeforeUtc > now).MinAsync(t => t.NotBeforeUtc, ct));
            }
        }
        Set(campaignId, due);
    }

    public void Set(long campaignId, DateTime? dueUtc)
    {
        lock (_gate)
        {
            if (dueUtc is { } at) _due[campaignId] = at;
            else _due.Remove(campaignId);
            RearmLocked();
        }
    }

    private void RearmLocked()
    {
        DateTime? next = _due.Count == 0 ? null : _due.Values.Min();
        if (next == _armedFor && _timer is not null) return;
        _timer?.Dispose();
        _timer = null;
        _armedFor = next;
        if (next is not { } at) return;
        var wait = at - clock.UtcNow;
        // A deadline counts once it is reached: the step compares with <=, so firing at the instant settles it.
        _timer = clock.Time.CreateTimer(_ => Fire(), null, wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }

    private void Fire()
    {
        List<long> due;
        lock (_gate)
        {
            var now = clock.UtcNow;
            due = _due.Where(d => d.Value <= now).Select(d => d.Key).ToList();
            foreach (var id in due) _due.Remove(id);
            _armedFor = null;
            RearmLocked();
        }
        // Each step re-arms its campaign's next deadline when it ends.
        foreach (var id in due) steps.Request(id);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }
}
