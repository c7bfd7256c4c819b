using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;

namespace NovaConsole.Audit;

/// <summary>
/// The audit log: appends entries (never changes or deletes one) and reads them back filtered and paged. A failure to
/// write is logged, never thrown: the action it records has already happened. Anything an anonymous client causes
/// goes through <see cref="RecordAnonymousAsync"/>, which is rate-bounded.
/// </summary>
internal sealed class AuditTrail(IDbContextFactory<NovaDbContext> dbFactory, AnonymousAuditLimit anonymousLimit, TimeProvider time, ILogger<AuditTrail> logger)
{
    public const int MaxField = 200;
    public const int MaxDetail = 1_000;
    private const int ExportBatch = 1_000;

    /// <summary>Records an action of the current actor (<see cref="AuditContext.Current"/>).</summary>
    public Task RecordAsync(string action, string? objectType = null, string? objectId = null, string? detail = null) =>
        RecordAsync(AuditContext.Current, action, objectType, objectId, detail);

    public async Task RecordAsync(AuditActor actor, string action, string? objectType = null, string? objectId = null, string? detail = null)
    {
        var record = new AuditRecord
        {
            AtUtc = time.GetUtcNow().UtcDateTime,
            Actor = Clean(actor.Name, MaxField) ?? "",
            UserName = Clean(actor.UserName, MaxField),
            Action = action,
            ObjectType = objectType,
            ObjectId = Clean(objectId, MaxField),
            Detail = Clean(detail, MaxDetail),
            Address = Clean(actor.Address, 64),
        };
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            db.AuditLog.Add(record);
            await db.SaveChangesAsync();
        }
        catch (Exception e)
        {
            AuditLog.WriteFailed(logger, e, action);
        }
    }

    /// <summary>
    /// Records what an anonymous client caused (a failed sign-in) within <see cref="AnonymousAuditLimit"/>: beyond it
    /// nothing is written, and the next entry that is says how many were left out.
    /// </summary>
    public Task RecordAnonymousAsync(AuditActor actor, string action, string? objectType = null, string? objectId = null, string? detail = null)
    {
        if (anonymousLimit.TryTake(actor.Address, out var skipped) is false) return Task.CompletedTask;
        if (skipped > 0) detail = $"{detail} ({skipped:N0} similar entries from anonymous clients were not recorded: rate limit)".Trim();
        return RecordAsync(actor, action, objectType, objectId, detail);
    }

    public async Task<AuditPage> PageAsync(AuditQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = Filter(db.AuditLog.AsNoTracking(), query);
        var take = Math.Clamp(query.Take, 1, AuditQuery.MaxTake);
        var records = await rows.OrderByDescending(a => a.Id).Skip(Math.Max(0, query.Skip)).Take(take).ToListAsync(ct);
        return new AuditPage(records.Select(r => r.ToEntry()).ToList(), await rows.CountAsync(ct));
    }

    /// <summary>Every entry the filter matches, newest first, read in batches.</summary>
    public async IAsyncEnumerable<AuditEntry> ReadAllAsync(AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        long? before = null;
        while (true)
        {
            List<AuditRecord> batch;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var rows = Filter(db.AuditLog.AsNoTracking(), query);
                if (before is { } id) rows = rows.Where(a => a.Id < id);
                batch = await rows.OrderByDescending(a => a.Id).Take(ExportBatch).ToListAsync(ct);
            }
            foreach (var record in batch) yield return record.ToEntry();
            if (batch.Count < ExportBatch) yield break;
            before = batch[^1].Id;
        }
    }

    private static IQueryable<AuditRecord> Filter(IQueryable<AuditRecord> rows, AuditQuery query)
    {
        if (Like(query.Actor) is { } actor) rows = rows.Where(a => EF.Functions.Like(a.Actor, actor, "\\"));
        if (Like(query.Action) is { } action) rows = rows.Where(a => EF.Functions.Like(a.Action, action, "\\"));
        if (!string.IsNullOrWhiteSpace(query.ObjectType)) rows = rows.Where(a => a.ObjectType == query.ObjectType);
        if (Like(query.ObjectId) is { } objectId) rows = rows.Where(a => EF.Functions.Like(a.ObjectId!, objectId, "\\"));
        if (query.FromUtc is { } from) rows = rows.Where(a => a.AtUtc >= from);
        if (query.ToUtc is { } to) rows = rows.Where(a => a.AtUtc < to);
        return rows;
    }

    private static string? Like(string? prefix) => string.IsNullOrWhiteSpace(prefix)
        ? null
        : prefix.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";

    /// <summary>Bounded, and without control characters (a user name typed at the sign-in form is anyone's text).</summary>
    private static string? Clean(string? value, int max)
    {
        if (value is null) return null;
        var text = value.Length > max ? value[..max] + "…" : value;
        return text.Any(char.IsControl) ? new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()) : text;
    }
}
