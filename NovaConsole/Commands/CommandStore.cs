using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;

namespace NovaConsole.Commands;

/// <summary>How a command ended: its state, whether the device said it worked, and what it said.</summary>
internal sealed record CommandCompletion(CommandState State, bool? Succeeded, string? ResultCode, string? ResultMessage, string? ResponseJson = null);

/// <summary>
/// The operation log in SQLite. State changes are conditional updates, so a late writer never moves an entry
/// backwards (a response that beat the "sent" bookkeeping stays Responded). Every change is published.
/// </summary>
internal sealed class CommandStore(IDbContextFactory<NovaDbContext> dbFactory, CommandNotifications notifications, TimeProvider time)
{
    public const int MaxStoredJson = 16 * 1024;
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

    public async Task<IReadOnlyList<CommandEntry>> ListAsync(CommandQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.CommandLog.AsNoTracking();
        if (query.DeviceId is { } deviceId) rows = rows.Where(c => c.DeviceId == deviceId);
        if (query.State is { } state)
        {
            var word = CommandNames.Of(state);
            rows = rows.Where(c => c.State == word);
        }
        if (query.Origin is { } origin)
        {
            var word = CommandNames.Of(origin);
            rows = rows.Where(c => c.Origin == word);
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = $"%{query.Search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            rows = rows.Where(c => EF.Functions.Like(c.DeviceId, pattern, "\\") || EF.Functions.Like(c.Name, pattern, "\\")
                || EF.Functions.Like(c.IssuedBy, pattern, "\\"));
        }
        var take = Math.Clamp(query.Take, 1, CommandQuery.MaxTake);
        var records = await rows.OrderByDescending(c => c.Id).Take(take).ToListAsync(ct);
        return records.Select(r => r.ToEntry()).ToList();
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
