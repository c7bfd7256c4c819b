using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;

namespace NovaConsole.Ota;

/// <summary>How a task's current attempt ended, when it did not succeed.</summary>
internal sealed record AttemptEnding(string State, string? FailureClass, string? RawCode, string? TimeoutKind, string Message, bool Retriable);

/// <summary>
/// Ends a task's attempt: a retry (a new attempt later, with a new id and token) when the ending allows it and
/// attempts are left, else a terminal state. Every change is conditional on the state it was read in, so a progress
/// report and a timeout racing for the same task cannot both win. The attempt's download token is revoked either way.
/// </summary>
internal static class OtaTaskEndings
{
    public static async Task<bool> EndAsync(NovaDbContext db, OtaTask task, string campaignState, CampaignPlan plan, AttemptEnding ending, DateTime now, CancellationToken ct)
    {
        var retry = ending.Retriable && task.Attempts < 1 + plan.RetryMax && !task.AfterCancel
            && campaignState is OtaCampaignStates.Running or OtaCampaignStates.Paused;
        var from = task.State;
        int changed;
        if (retry)
        {
            var notBefore = now.AddSeconds(plan.BackoffSeconds);
            changed = await db.OtaTasks.Where(t => t.Id == task.Id && t.State == from).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.State, OtaTaskStates.Queued)
                .SetProperty(t => t.NotBeforeUtc, notBefore)
                .SetProperty(t => t.FailureClass, ending.FailureClass)
                .SetProperty(t => t.RawCode, ending.RawCode)
                .SetProperty(t => t.TimeoutKind, ending.TimeoutKind)
                .SetProperty(t => t.LastMessage, $"attempt {task.Attempts}: {ending.Message}; retry after {plan.BackoffSeconds} s"), ct);
        }
        else
        {
            changed = await db.OtaTasks.Where(t => t.Id == task.Id && t.State == from).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.State, ending.State)
                .SetProperty(t => t.FailureClass, ending.FailureClass)
                .SetProperty(t => t.RawCode, ending.RawCode)
                .SetProperty(t => t.TimeoutKind, ending.TimeoutKind)
                .SetProperty(t => t.LastMessage, ending.Message)
                .SetProperty(t => t.FinishedUtc, now), ct);
        }
        if (changed > 0) await RevokeAsync(db, task.Id, ct);
        return changed > 0;
    }

    public static async Task SucceedAsync(NovaDbContext db, OtaTask task, string message, DateTime now, CancellationToken ct)
    {
        var from = task.State;
        var changed = await db.OtaTasks.Where(t => t.Id == task.Id && t.State == from).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.State, OtaTaskStates.Succeeded)
            .SetProperty(t => t.LastMessage, message)
            .SetProperty(t => t.FinishedUtc, now), ct);
        if (changed > 0) await RevokeAsync(db, task.Id, ct);
    }

    public static Task RevokeAsync(NovaDbContext db, long taskId, CancellationToken ct) =>
        db.OtaAttempts.Where(a => a.TaskId == taskId && !a.Revoked).ExecuteUpdateAsync(s => s.SetProperty(a => a.Revoked, true), ct);
}
