using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;

namespace NovaConsole.Commands;

/// <summary>How a command ended: its state, whether the device said it worked, and what it said.</summary>
/// <summary>One page of the operation log and the number of entries its filter matches.</summary>
public sealed record CommandPage(IReadOnlyList<CommandEntry> Items, int Total);

internal sealed record CommandCompletion(CommandState State, bool? Succeeded, string? ResultCode, string? ResultMessage, string? ResponseJson = null);

/// <summary>
/// The operation log in SQLite. State changes are conditional updates, so a late writer never moves an entry
/// backwards (a response that beat the "sent" bookkeeping stays Responded). Every change is published.
/// </summary>
internal sealed class CommandStore(IDbContextFactory<NovaDbContext> dbFactory, CommandNotifications notifications, TimeProvider time)
{
    public const int MaxStoredJson = 16 * 1024;
    private const int ExportBatch = 1_000;
    private static readonly string Pending = CommandNames.Of(CommandState.Pending);
    private static readonly string Sent = CommandNames.Of(CommandState.Sent);

    public async Task<CommandEntry> InsertAsync(CommandLogRecord record, CancellationToken ct = default)
    {
        record.ParamsJson = Cap(record.ParamsJson);
        record.ResponseJson = Cap(record.ResponseJson);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.CommandLog.Add(record);
            await db.SaveChangesAsync(ct);
        }
        var entry = record.ToEntry();
        notifications.Publish(entry);
        return entry;
    }

    /// <summary>A Pending entry waits behind another of its name (<see cref="CommandLanes"/>); says so until it is sent.</summary>
    public async Task<CommandEntry?> MarkQueuedAsync(long id, string why, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.CommandLog.Where(c => c.Id == id && c.State == Pending && c.SentUtc == null).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.ResultCode, CommandLanes.QueuedCode)
                .SetProperty(c => c.ResultMessage, why), ct);
        }
        return await PublishAsync(id, ct);
    }

    /// <summary>Pending -> Sent (clearing a queued note); the transport and wire id are recorded whatever the state, since they are facts either way.</summary>
    public async Task<CommandEntry?> MarkSentAsync(long id, string transport, string? wireId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.CommandLog.Where(c => c.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.State, c => c.State == Pending ? Sent : c.State)
                .SetProperty(c => c.SentUtc, now)
                .SetProperty(c => c.Transport, transport)
                .SetProperty(c => c.MessageId, wireId)
                .SetProperty(c => c.ResultCode, c => c.ResultCode == CommandLanes.QueuedCode ? null : c.ResultCode)
                .SetProperty(c => c.ResultMessage, c => c.ResultCode == CommandLanes.QueuedCode ? null : c.ResultMessage), ct);
        }
        return await PublishAsync(id, ct);
    }

    /// <summary>Pending or Sent -> Responded or Failed; false when the entry had already ended.</summary>
    public async Task<CommandEntry?> CompleteAsync(long id, CommandCompletion completion, string? transport = null, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var state = CommandNames.Of(completion.State);
        var response = Cap(completion.ResponseJson);
        int changed;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            changed = await db.CommandLog.Where(c => c.Id == id && (c.State == Pending || c.State == Sent)).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.State, state)
                .SetProperty(c => c.CompletedUtc, now)
                .SetProperty(c => c.Succeeded, completion.Succeeded)
                .SetProperty(c => c.ResultCode, completion.ResultCode)
                .SetProperty(c => c.ResultMessage, completion.ResultMessage)
                .SetProperty(c => c.ResponseJson, response)
                .SetProperty(c => c.Transport, c => transport ?? c.Transport), ct);
        }
        return changed == 0 ? null : await PublishAsync(id, ct);
    }

    public async Task<CommandEntry?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.CommandLog.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return record?.ToEntry();
    }

    public async Task<IReadOnlyList<CommandEntry>> ListAsync(CommandQuery query, CancellationToken ct = default) =>
        (await PageAsync(query, withTotal: false, ct)).Items;

    /// <summary>One page of the filtered log, newest first, and (when asked) how many entries match in all.</summary>
    public async Task<CommandPage> PageAsync(CommandQuery query, bool withTotal = true, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = CommandLogFilter.Apply(db.CommandLog.AsNoTracking(), query);
        var take = Math.Clamp(query.Take, 1, CommandQuery.MaxTake);
        var records = await rows.OrderByDescending(c => c.Id).Skip(Math.Max(0, query.Skip)).Take(take).ToListAsync(ct);
        var total = withTotal ? await rows.CountAsync(ct) : records.Count;
        return new CommandPage(records.Select(r => r.ToEntry()).ToList(), total);
    }

    /// <summary>Every entry the filter matches, newest first, read in batches (for an export of any size).</summary>
    public async IAsyncEnumerable<CommandEntry> ReadAllAsync(CommandQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        long? before = null;
        while (true)
        {
            List<CommandLogRecord> batch;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var rows = CommandLogFilter.Apply(db.CommandLog.AsNoTracking(), query);
                if (before is { } id) rows = rows.Where(c => c.Id < id);
                batch = await rows.OrderByDescending(c => c.Id).Take(ExportBatch).ToListAsync(ct);
            }
            foreach (var record in batch) yield return record.ToEntry();
            if (batch.Count < ExportBatch) yield break;
            before = batch[^1].Id;
        }
    }

    /// <summary>Counts per status over every entry the filter matches (its state and status filters ignored), in one query.</summary>
    public async Task<CommandCounts> CountAsync(CommandQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var groups = await CommandLogFilter.Apply(db.CommandLog.AsNoTracking(), query, withStatus: false)
            .GroupBy(c => new
            {
                c.State,
                Ok = c.Succeeded == true,
                Queued = c.ResultCode == CommandLanes.QueuedCode,
                TimedOut = c.ResultCode == CommandFailures.TimedOut,
            })
            .Select(g => new { g.Key.State, g.Key.Ok, g.Key.Queued, g.Key.TimedOut, Count = g.Count() })
            .ToListAsync(ct);
        int Sum(Func<string, bool, bool, bool, bool> match) => groups.Where(g => match(g.State, g.Ok, g.Queued, g.TimedOut)).Sum(g => g.Count);
        return new CommandCounts(
            Total: groups.Sum(g => g.Count),
            Pending: Sum((s, _, q, _) => s == Pending && !q),
            Queued: Sum((s, _, q, _) => s == Pending && q),
            Sent: Sum((s, _, _, _) => s == Sent),
            Delivered: Sum((s, _, _, _) => s == CommandStatuses.Delivered),
            RespondedOk: Sum((s, ok, _, _) => s == CommandStatuses.Responded && ok),
            RespondedError: Sum((s, ok, _, _) => s == CommandStatuses.Responded && !ok),
            Failed: Sum((s, _, _, _) => s == CommandStatuses.Failed),
            TimedOut: Sum((s, _, _, t) => s == CommandStatuses.Failed && t),
            Unmatched: Sum((s, _, _, _) => s == CommandStatuses.Unmatched));
    }

    /// <summary>
    /// Entries left Pending or Sent by an earlier run: nothing in memory waits for them any more, so they end
    /// as Failed rather than stay "sent" for ever.
    /// </summary>
    public async Task<int> FailAbandonedAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var failed = CommandNames.Of(CommandState.Failed);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CommandLog.Where(c => c.State == Pending || c.State == Sent).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.State, failed)
            .SetProperty(c => c.CompletedUtc, now)
            .SetProperty(c => c.ResultCode, CommandFailures.Interrupted)
            .SetProperty(c => c.ResultMessage, "The platform restarted before the device answered."), ct);
    }

    private async Task<CommandEntry?> PublishAsync(long id, CancellationToken ct)
    {
        var entry = await GetAsync(id, ct);
        if (entry is not null) notifications.Publish(entry);
        return entry;
    }

    private static string? Cap(string? json) => json is { Length: > MaxStoredJson } ? json[..MaxStoredJson] + "…" : json;
}
