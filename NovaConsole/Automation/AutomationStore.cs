using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;

namespace NovaConsole.Automation;

/// <summary>Rules, their per-device states and their runs in SQLite (schema steps 50-52).</summary>
internal sealed class AutomationStore(IDbContextFactory<NovaDbContext> dbFactory, TimeProvider time)
{
    public const int MaxRunsPerRule = 1000;

    public async Task<List<RuleRecord>> ListRulesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Rules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct);
    }

    public async Task<RuleRecord?> GetRuleAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Rules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
    }

    public async Task<RuleRecord> InsertRuleAsync(string name, bool enabled, string body, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var record = new RuleRecord { Name = name, Enabled = enabled, BodyJson = body, CreatedUtc = now, UpdatedUtc = now, Revision = 1 };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Rules.Add(record);
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>A new body starts every pair afresh: the old states belonged to another rule.</summary>
    public async Task<RuleRecord?> UpdateRuleAsync(long id, string name, bool enabled, string body, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.Rules.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (record is null) return null;
        (record.Name, record.Enabled, record.BodyJson, record.UpdatedUtc) = (name, enabled, body, time.GetUtcNow().UtcDateTime);
        record.Revision++;
        if (enabled) record.DisabledReason = null;
        await db.SaveChangesAsync(ct);
        await db.RuleStates.Where(s => s.RuleId == id).ExecuteDeleteAsync(ct);
        return record;
    }

    /// <summary>Enables or disables; <paramref name="reason"/> says why a rule was disabled (the breaker), and enabling clears it.</summary>
    public async Task<bool> SetEnabledAsync(long id, bool enabled, string? reason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await db.Rules.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Enabled, enabled)
            .SetProperty(r => r.DisabledReason, enabled ? null : reason)
            .SetProperty(r => r.UpdatedUtc, time.GetUtcNow().UtcDateTime), ct);
        // A re-enabled rule starts from unknown: its old states describe a time it was not watching.
        if (changed > 0) await db.RuleStates.Where(s => s.RuleId == id).ExecuteDeleteAsync(ct);
        return changed > 0;
    }

    public async Task<bool> DeleteRuleAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.RuleStates.Where(s => s.RuleId == id).ExecuteDeleteAsync(ct);
        await db.RuleDelays.Where(s => s.RuleId == id).ExecuteDeleteAsync(ct);
        await db.RuleRuns.Where(s => s.RuleId == id).ExecuteDeleteAsync(ct);
        return await db.Rules.Where(r => r.Id == id).ExecuteDeleteAsync(ct) > 0;
    }

    public async Task<List<RuleStateRecord>> LoadStatesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RuleStates.AsNoTracking().ToListAsync(ct);
    }

    public async Task SaveStateAsync(long ruleId, int revision, string deviceId, RuleState state, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.RuleStates.FirstOrDefaultAsync(s => s.RuleId == ruleId && s.DeviceId == deviceId, ct);
        if (record is null) db.RuleStates.Add(record = new RuleStateRecord { RuleId = ruleId, DeviceId = deviceId });
        record.Revision = revision;
        record.Phase = (int)state.Phase;
        record.SinceUtc = state.Since.UtcDateTime;
        record.FiredAtUtc = state.FiredAt?.UtcDateTime;
        record.DueAtUtc = state.DueAt?.UtcDateTime;
        record.Repeats = state.Repeats;
        record.LastValue = state.LastValue is { } v && double.IsFinite(v) ? v : null;
        record.Reference = state.Reference is { } r && double.IsFinite(r) ? r : null;
        await db.SaveChangesAsync(ct);
    }

    public async Task<RuleRunRecord> InsertRunAsync(RuleRunRecord run, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.RuleRuns.Add(run);
        await db.SaveChangesAsync(ct);
        // Kept: the last 1,000 runs per rule (and 30 days, by the trim at start).
        if (run.Id % 100 == 0)
        {
            var ruleId = run.RuleId;
            var keepFrom = await db.RuleRuns.Where(r => r.RuleId == ruleId).OrderByDescending(r => r.Id).Skip(MaxRunsPerRule).Select(r => r.Id).FirstOrDefaultAsync(ct);
            if (keepFrom > 0) await db.RuleRuns.Where(r => r.RuleId == ruleId && r.Id <= keepFrom).ExecuteDeleteAsync(ct);
        }
        return run;
    }

    public async Task FinishRunAsync(long runId, string status, string? detail, string stepsJson, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.RuleRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.Detail, detail)
            .SetProperty(r => r.StepsJson, stepsJson)
            .SetProperty(r => r.FinishedUtc, time.GetUtcNow().UtcDateTime), ct);
    }

    public async Task<List<RuleRunRecord>> ListRunsAsync(long ruleId, int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RuleRuns.AsNoTracking().Where(r => r.RuleId == ruleId).OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>Every kept run of a rule, newest first, streamed (the CSV export).</summary>
    public async IAsyncEnumerable<RuleRunRecord> ReadRunsAsync(long ruleId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var run in db.RuleRuns.AsNoTracking().Where(r => r.RuleId == ruleId).OrderByDescending(r => r.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return run;
        }
    }

    public async Task<RuleRunRecord?> GetRunAsync(long runId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RuleRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
    }

    /// <summary>A run waits in a delay: the wait is stored and the run shows as waiting, with its steps so far.</summary>
    public async Task SaveDelayAsync(RuleDelayRecord delay, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.RuleDelays.Add(delay);
        await db.SaveChangesAsync(ct);
        await db.RuleRuns.Where(r => r.Id == delay.RunId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, RunStatus.Waiting)
            .SetProperty(r => r.StepsJson, delay.StepsJson), ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Takes a stored wait (deleting it) and marks its run running again; null when it was taken already.</summary>
    public async Task<RuleDelayRecord?> ClaimDelayAsync(long runId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var delay = await db.RuleDelays.AsNoTracking().FirstOrDefaultAsync(d => d.RunId == runId, ct);
        if (delay is null || await db.RuleDelays.Where(d => d.RunId == runId).ExecuteDeleteAsync(ct) == 0) return null;
        await db.RuleRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Running), ct);
        await transaction.CommitAsync(ct);
        return delay;
    }

    public async Task<List<RuleDelayRecord>> ListDelaysAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RuleDelays.AsNoTracking().OrderBy(d => d.DueUtc).ToListAsync(ct);
    }

    /// <summary>Runs older than 30 days go; runs left "running" by a killed process end as interrupted.</summary>
    public async Task TidyRunsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var cutoff = now.AddDays(-30);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.RuleRuns.Where(r => r.FiredAtUtc < cutoff).ExecuteDeleteAsync(ct);
        await db.RuleRuns.Where(r => r.Status == RunStatus.Running).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, RunStatus.Failed)
            .SetProperty(r => r.Detail, "The platform restarted while the run was in progress.")
            .SetProperty(r => r.FinishedUtc, now), ct);
    }

    /// <summary>Device ids with a tag (action targets and tag-scoped rules).</summary>
    public async Task<List<string>> DevicesWithTagAsync(string tag, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Devices.AsNoTracking().Where(d => d.Tags.Any(t => t.Tag == tag)).Select(d => d.DeviceId).ToListAsync(ct);
    }

    /// <summary>The first <paramref name="take"/> device ids (a "try it" over every device).</summary>
    public async Task<List<string>> DeviceIdsAsync(int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Devices.AsNoTracking().OrderBy(d => d.DeviceId).Select(d => d.DeviceId).Take(take).ToListAsync(ct);
    }

    public async Task<List<string>> TagsOfAsync(string deviceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Devices.AsNoTracking().Where(d => d.DeviceId == deviceId).SelectMany(d => d.Tags.Select(t => t.Tag)).ToListAsync(ct);
    }
}

internal static class RunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Dropped = "dropped";
    public const string Waiting = "waiting";
    public const string NotMet = "not-met";
}
