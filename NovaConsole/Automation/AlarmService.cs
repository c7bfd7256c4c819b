using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;

namespace NovaConsole.Automation;

/// <summary>An alarm as the API shows it. State is one of the four ack/clear combinations.</summary>
internal sealed record AlarmView(long Id, string DeviceId, string Type, string Severity, string State, bool Active, bool Acknowledged, string? Message,
    DateTime RaisedUtc, DateTime? ClearedUtc, string? AcknowledgedBy, DateTime? AcknowledgedUtc, string? Comment, long? RuleId, long? RunId)
{
    public static AlarmView From(AlarmRecord a) => new(a.Id, a.DeviceId, a.Type, a.Severity, StateOf(a.Active, a.Acknowledged), a.Active, a.Acknowledged,
        a.Message, a.RaisedUtc, a.ClearedUtc, a.AcknowledgedBy, a.AcknowledgedUtc, a.Comment, a.RuleId, a.RunId);

    public static string StateOf(bool active, bool acknowledged) => (active, acknowledged) switch
    {
        (true, false) => "active-unacknowledged",
        (true, true) => "active-acknowledged",
        (false, false) => "cleared-unacknowledged",
        _ => "cleared-acknowledged",
    };
}

internal sealed record AlarmQuery(string? DeviceId = null, string? State = null, string? Severity = null, string? Type = null, int Take = 100);

/// <summary>Alarms (schema step 53): raised and cleared by rules or the API, unique per (device, type) while active.</summary>
internal sealed class AlarmService(IDbContextFactory<NovaDbContext> dbFactory, TimeProvider time)
{
    public const int MaxTake = 500;

    /// <summary>Raises, or (already active) updates the severity and message of the one active alarm of that type.</summary>
    public async Task<AlarmView> RaiseAsync(string deviceId, string type, AlarmSeverity severity, string? message, long? ruleId, long? runId, CancellationToken ct)
    {
        var severityWord = severity.ToString().ToLowerInvariant();
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var active = await db.Alarms.FirstOrDefaultAsync(a => a.DeviceId == deviceId && a.Type == type && a.Active, ct);
            if (active is not null)
            {
                (active.Severity, active.Message) = (severityWord, message ?? active.Message);
                await db.SaveChangesAsync(ct);
                return AlarmView.From(active);
            }
            var record = new AlarmRecord
            {
                DeviceId = deviceId, Type = type, Severity = severityWord, Active = true, Message = message,
                RaisedUtc = time.GetUtcNow().UtcDateTime, RuleId = ruleId, RunId = runId,
            };
            db.Alarms.Add(record);
            try
            {
                await db.SaveChangesAsync(ct);
                return AlarmView.From(record);
            }
            catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteErrorCode: 19 } && attempt < 3)
            {
                // Raised concurrently by another run: the unique index kept one; update that one instead.
            }
        }
    }

    public async Task<AlarmView?> ClearAsync(string deviceId, string type, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var active = await db.Alarms.FirstOrDefaultAsync(a => a.DeviceId == deviceId && a.Type == type && a.Active, ct);
        if (active is null) return null;
        (active.Active, active.ClearedUtc) = (false, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return AlarmView.From(active);
    }

    public async Task<AlarmView?> ClearAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var alarm = await db.Alarms.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (alarm is null) return null;
        if (alarm.Active) (alarm.Active, alarm.ClearedUtc) = (false, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return AlarmView.From(alarm);
    }

    public async Task<AlarmView?> AcknowledgeAsync(long id, string user, string? comment, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var alarm = await db.Alarms.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (alarm is null) return null;
        (alarm.Acknowledged, alarm.AcknowledgedBy, alarm.AcknowledgedUtc) = (true, user, time.GetUtcNow().UtcDateTime);
        if (comment is not null) alarm.Comment = comment.Length > 1000 ? comment[..1000] : comment;
        await db.SaveChangesAsync(ct);
        return AlarmView.From(alarm);
    }

    /// <summary>The types of a device's active alarms (rule conditions).</summary>
    public async Task<HashSet<string>> ActiveTypesAsync(string deviceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.Alarms.AsNoTracking().Where(a => a.DeviceId == deviceId && a.Active).Select(a => a.Type).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>How many alarms of a device are active (the device page's badge).</summary>
    public async Task<int> ActiveCountAsync(string deviceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Alarms.AsNoTracking().CountAsync(a => a.DeviceId == deviceId && a.Active, ct);
    }

    public async Task<AlarmView?> GetAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Alarms.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } a ? AlarmView.From(a) : null;
    }

    public async Task<List<AlarmView>> ListAsync(AlarmQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = await Filter(db, query).OrderByDescending(a => a.Id).Take(Math.Clamp(query.Take, 1, MaxTake)).ToListAsync(ct);
        return records.Select(AlarmView.From).ToList();
    }

    /// <summary>Every alarm of the filter (take ignored), newest first, streamed (the CSV export).</summary>
    public async IAsyncEnumerable<AlarmRecord> ReadAllAsync(AlarmQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var alarm in Filter(db, query).OrderByDescending(a => a.Id).AsAsyncEnumerable().WithCancellation(ct)) yield return alarm;
    }

    private static IQueryable<AlarmRecord> Filter(NovaDbContext db, AlarmQuery query)
    {
        var rows = db.Alarms.AsNoTracking();
        if (query.DeviceId is { } d) rows = rows.Where(a => a.DeviceId == d);
        if (query.Type is { } t) rows = rows.Where(a => a.Type == t);
        if (query.Severity is { } s) rows = rows.Where(a => a.Severity == s);
        return query.State switch
        {
            "active" => rows.Where(a => a.Active),
            "cleared" => rows.Where(a => !a.Active),
            "active-unacknowledged" => rows.Where(a => a.Active && !a.Acknowledged),
            "active-acknowledged" => rows.Where(a => a.Active && a.Acknowledged),
            "cleared-unacknowledged" => rows.Where(a => !a.Active && !a.Acknowledged),
            "cleared-acknowledged" => rows.Where(a => !a.Active && a.Acknowledged),
            _ => rows,
        };
    }

    public static readonly string[] States = ["active", "cleared", "active-unacknowledged", "active-acknowledged", "cleared-unacknowledged", "cleared-acknowledged"];
}
