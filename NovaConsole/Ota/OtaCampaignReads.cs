using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;
using NovaConsole.Shared;

namespace NovaConsole.Ota;

/// <summary>One batch of a campaign as the timeline shows it: its size and how its devices stand (public: a component parameter).</summary>
public sealed record CampaignBatchView(int Batch, int Devices, int Waiting, int Active, int Succeeded, int Failed, int Cancelled);

/// <summary>A device's task in one campaign, for the device page's OTA history.</summary>
internal sealed record DeviceOtaHistoryView(long CampaignId, string CampaignName, string CampaignState, string PackageName, string Version, string Module,
    string State, int Attempts, int? Step, string? LastMessage, string? FailureClass, string? RawCode, string? TimeoutKind, DateTime CreatedUtc, DateTime? FinishedUtc);

/// <summary>Which of a campaign's devices to read: a state and a batch (1-based on the wire, stored 0-based), both optional.</summary>
internal sealed record CampaignDeviceFilter(string? State = null, int? Batch = null)
{
    public IQueryable<OtaTask> Apply(IQueryable<OtaTask> tasks)
    {
        if (!string.IsNullOrEmpty(State)) tasks = tasks.Where(t => t.State == State);
        if (Batch is { } b) tasks = b == 0 ? tasks.Where(t => t.Batch < 0) : tasks.Where(t => t.Batch == b - 1);
        return tasks;
    }
}

/// <summary>Reads for the campaign page and the device page: the batch timeline, filtered device rows, the CSV export, a device's history.</summary>
internal sealed class OtaCampaignReads(IDbContextFactory<NovaDbContext> dbFactory)
{
    private const int ExportBatch = 1000;
    public const int MaxHistory = 50;

    public async Task<IReadOnlyList<CampaignBatchView>> BatchesAsync(long campaignId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.OtaTasks.Where(t => t.CampaignId == campaignId && t.Batch >= 0).GroupBy(t => new { t.Batch, t.State })
            .Select(g => new { g.Key.Batch, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        return rows.GroupBy(r => r.Batch).OrderBy(g => g.Key).Select(g =>
        {
            int N(params string[] states) => g.Where(r => states.Contains(r.State)).Sum(r => r.Count);
            return new CampaignBatchView(g.Key, g.Sum(r => r.Count), N(OtaTaskStates.Planned, OtaTaskStates.Queued), N(OtaTaskStates.Active),
                N(OtaTaskStates.Succeeded), N(OtaTaskStates.Failed, OtaTaskStates.TimedOut), N(OtaTaskStates.Cancelled));
        }).ToList();
    }

    /// <summary>Every task of the filter in task order, read a thousand at a time (an export never sits in memory whole).</summary>
    public async IAsyncEnumerable<CampaignDeviceView> ReadAllAsync(long campaignId, CampaignDeviceFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var after = 0L;
        while (true)
        {
            List<OtaTask> batch;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                batch = await filter.Apply(db.OtaTasks.AsNoTracking().Where(t => t.CampaignId == campaignId && t.Id > after))
                    .OrderBy(t => t.Id).Take(ExportBatch).ToListAsync(ct);
            }
            foreach (var t in batch) yield return View(t);
            if (batch.Count < ExportBatch) yield break;
            after = batch[^1].Id;
        }
    }

    public static CampaignDeviceView View(OtaTask t) => new(t.DeviceId, t.Batch, t.State, t.Attempts, t.CurrentAttemptId, t.Step, t.LastMessage,
        t.FailureClass, t.RawCode, t.TimeoutKind, t.SkipReason, t.BytesServed, t.AfterCancel, t.InformedUtc, t.LastProgressUtc, t.FinishedUtc);

    /// <summary>The device's tasks over all campaigns, newest campaign first (at most <see cref="MaxHistory"/>).</summary>
    public async Task<IReadOnlyList<DeviceOtaHistoryView>> DeviceHistoryAsync(string deviceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from t in db.OtaTasks
                      join c in db.OtaCampaigns on t.CampaignId equals c.Id
                      join p in db.OtaPackages on c.PackageId equals p.Id
                      where t.DeviceId == deviceId
                      orderby c.Id descending
                      select new DeviceOtaHistoryView(c.Id, c.Name, c.State, p.Name, p.Version, t.Module, t.State, t.Attempts, t.Step, t.LastMessage,
                          t.FailureClass, t.RawCode, t.TimeoutKind, c.CreatedUtc, t.FinishedUtc)).AsNoTracking().Take(MaxHistory).ToListAsync(ct);
    }
}

/// <summary>A campaign's devices as CSV (RFC 4180, UTF-8, ISO 8601 UTC times), written as they are read; batches 1-based, 0 for skipped devices.</summary>
internal static class OtaCampaignCsv
{
    public const string Header = "device_id,batch,state,attempts,step,bytes_served,failure_class,raw_code,timeout,skip_reason,finished_after_cancel,informed_utc,last_progress_utc,finished_utc,last_message";

    public static Task WriteAsync(Stream body, IAsyncEnumerable<CampaignDeviceView> rows) =>
        Csv.WriteAsync(body, Header, rows, d =>
        [
            Csv.Field(d.DeviceId), Csv.Number(d.Batch + 1), Csv.Field(d.State), Csv.Number(d.Attempts), d.Step is { } s ? Csv.Number(s) : "",
            Csv.Number(d.BytesServed), Csv.Field(d.FailureClass), Csv.Field(d.RawCode), Csv.Field(d.TimeoutKind), Csv.Field(d.SkipReason),
            d.FinishedAfterCancel ? "true" : "false", Csv.Time(d.InformedUtc), Csv.Time(d.LastProgressUtc), Csv.Time(d.FinishedUtc), Csv.Field(d.LastMessage),
        ]);
}
