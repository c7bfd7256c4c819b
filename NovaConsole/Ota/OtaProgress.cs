using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;
using NovaConsole.Shared.Logging;

namespace NovaConsole.Ota;

/// <summary>What became of a progress report.</summary>
/// <summary>What became of a progress report; <see cref="Summary"/> is null when the device's live messages should not show it (rate-limited).</summary>
internal sealed record ProgressOutcome(bool Matched, string? Summary);

/// <summary>
/// Device reports for OTA: progress on ota/devices/progress (seed 000 §4.1.4) and the version a device reports
/// afterwards. The report names no task, so a device has at most one active task per module; a report with none is
/// counted (<see cref="Unmatched"/>) and the caller shows it in the device's live messages.
/// </summary>
internal sealed class OtaProgress(IDbContextFactory<NovaDbContext> dbFactory, OtaStepScheduler steps, OtaClock clock,
    NovaConsole.Live.OtaNotifications notifications, ILogger<OtaProgress> logger)
{
    private long _unmatched;

    public long Unmatched => Interlocked.Read(ref _unmatched);

    public async Task<ProgressOutcome> ReportAsync(string deviceId, OtaProgressReport report, CancellationToken ct = default)
    {
        var now = clock.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var active = await db.OtaTasks.AsNoTracking()
            .Where(t => t.DeviceId == deviceId && (t.State == OtaTaskStates.Informed || t.State == OtaTaskStates.InProgress || t.State == OtaTaskStates.Reported))
            .ToListAsync(ct);
        var task = report.Module is { Length: > 0 } module
            ? active.FirstOrDefault(t => string.Equals(t.Module, module, StringComparison.OrdinalIgnoreCase))
            : active.Count == 1 ? active[0] : null;
        if (task is null)
        {
            Interlocked.Increment(ref _unmatched);
            // A device can repeat this as fast as it publishes: a few lines a minute per device, in the log and in its live
            // messages alike, its values cut short.
            if (!LogRateLimit.Allow(logger, 7013, deviceId)) return new ProgressOutcome(false, null);
            OtaLog.ProgressWithoutTask(logger, deviceId, LogValue.Truncate(report.Module ?? ""), LogValue.Truncate(report.Step));
            return new ProgressOutcome(false,
                $"OTA progress {LogValue.Truncate(report.Step)} (module {LogValue.Truncate(report.Module ?? "none")}) with no active OTA task: counted, not applied");
        }
        var campaign = await db.OtaCampaigns.AsNoTracking().FirstAsync(c => c.Id == task.CampaignId, ct);
        var plan = OtaEngine.ReadPlan(campaign);
        // The device's own words are kept and shown cut short, like every other device-sent value.
        var desc = report.Desc is { Length: > 0 } d ? $" ({LogValue.Truncate(d)})" : "";
        string summary;
        if (!int.TryParse(report.Step, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var step) || step < -4 || step > 100)
        {
            var code = LogValue.Truncate(report.Step);
            await OtaTaskEndings.EndAsync(db, task, campaign.State, plan,
                new AttemptEnding(OtaTaskStates.Failed, OtaFailures.Device, code, null, $"failed with code {code}{desc}", false), now, ct);
            summary = $"failed with code {code}";
        }
        else if (step < 0)
        {
            var failure = OtaFailures.ClassOf(step);
            await OtaTaskEndings.EndAsync(db, task, campaign.State, plan,
                new AttemptEnding(OtaTaskStates.Failed, failure, report.Step, null, $"{OtaFailures.Describe(step)}{desc}", OtaFailures.Retriable(failure)), now, ct);
            summary = OtaFailures.Describe(step);
        }
        else if (step < 100)
        {
            var from = task.State;
            await db.OtaTasks.Where(t => t.Id == task.Id && t.State == from && from != OtaTaskStates.Reported).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.State, OtaTaskStates.InProgress)
                .SetProperty(t => t.Step, step)
                .SetProperty(t => t.LastProgressUtc, now)
                .SetProperty(t => t.LastMessage, step == 0 ? $"started{desc}" : $"{step}%{desc}"), ct);
            summary = step == 0 ? "started" : $"{step}%";
        }
        else if (campaign.RequireVersionConfirm)
        {
            var from = task.State;
            var target = await TargetVersionAsync(db, campaign, ct);
            await db.OtaTasks.Where(t => t.Id == task.Id && t.State == from && from != OtaTaskStates.Reported).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.State, OtaTaskStates.Reported)
                .SetProperty(t => t.Step, 100)
                .SetProperty(t => t.LastProgressUtc, now)
                .SetProperty(t => t.ReportedUtc, now)
                .SetProperty(t => t.LastMessage, $"100%, waiting for the device to report version {target}{desc}"), ct);
            summary = "100%: waiting for the new version";
        }
        else
        {
            await db.OtaTasks.Where(t => t.Id == task.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Step, 100).SetProperty(t => t.LastProgressUtc, now), ct);
            await OtaTaskEndings.SucceedAsync(db, task, $"100%{desc}", now, ct);
            summary = "succeeded";
        }
        notifications.Changed(task.CampaignId, deviceId);
        steps.Request(task.CampaignId);
        return new ProgressOutcome(true, $"OTA campaign {task.CampaignId}: {summary}");
    }

    /// <summary>
    /// A device reported its version (attribute "version", or NovaCloud status info). After step 100 the new version
    /// confirms the upgrade; any other version means the device came back on its old firmware: "failed: rolled back".
    /// </summary>
    public async Task VersionReportedAsync(string deviceId, string version, CancellationToken ct = default)
    {
        var now = clock.UtcNow;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reported = await (from t in db.OtaTasks
                              join c in db.OtaCampaigns on t.CampaignId equals c.Id
                              join p in db.OtaPackages on c.PackageId equals p.Id
                              where t.DeviceId == deviceId && t.State == OtaTaskStates.Reported
                              select new { Task = t, Campaign = c, p.Version }).AsNoTracking().ToListAsync(ct);
        foreach (var r in reported)
        {
            if (r.Version == version)
            {
                await OtaTaskEndings.SucceedAsync(db, r.Task, $"confirmed: the device reports version {version}", now, ct);
            }
            else
            {
                await OtaTaskEndings.EndAsync(db, r.Task, r.Campaign.State, OtaEngine.ReadPlan(r.Campaign),
                    new AttemptEnding(OtaTaskStates.Failed, OtaFailures.RolledBack, version, null,
                        $"failed: rolled back (step 100, then the device reported version {version}, not {r.Version})", false), now, ct);
            }
            notifications.Changed(r.Task.CampaignId, deviceId);
            steps.Request(r.Task.CampaignId);
        }
    }

    private static async Task<string> TargetVersionAsync(NovaDbContext db, OtaCampaign campaign, CancellationToken ct) =>
        await db.OtaPackages.Where(p => p.Id == campaign.PackageId).Select(p => p.Version).FirstAsync(ct);
}
