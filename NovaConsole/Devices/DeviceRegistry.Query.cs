using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;

namespace NovaConsole.Devices;

/// <summary>A row of the CSV export: what a person may see of a device, never its key.</summary>
internal sealed record DeviceExportRow(
    string DeviceId, string Name, string Description, IReadOnlyList<string> Tags, bool IsEnabled,
    string? Transport, string? FirmwareVersion, DateTime CreatedUtc, DateTime? LastSeenUtc);

internal sealed partial class DeviceRegistry
{
    private const int ExportBatch = 1000;

    public async Task<DeviceDetails?> GetAsync(string deviceId, CancellationToken ct = default)
    {
        if (!DeviceRules.IsValidDeviceId(deviceId)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var device = await db.Devices.AsNoTracking()
            .Include(d => d.Tags).Include(d => d.Sensors).Include(d => d.Actuators)
            .AsSplitQuery()
            .FirstOrDefaultAsync(d => d.DeviceId == deviceId, ct);
        return device is null ? null : ToDetails(device);
    }

    /// <summary>
    /// One page of devices, filtered, sorted and counted in SQLite. Each sort key has an index, so a page costs an
    /// index walk of skip + take rows; a text search scans the table (see the 100k measurement in the tests).
    /// </summary>
    public async Task<DevicePage> QueryAsync(DeviceQuery query, CancellationToken ct = default)
    {
        var skip = Math.Max(0, query.Skip);
        var take = Math.Clamp(query.Take, 1, DeviceQuery.MaxTake);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var online = presence.OnlineDeviceIds();
        var filtered = ByStatus(Filter(db.Devices.AsNoTracking(), db.DeviceTags, query.Search), query.Status, online);
        var total = await filtered.CountAsync(ct);
        var ordered = query.Sort == DeviceSort.Status ? ByStatusRank(filtered, online, query.Descending) : Order(filtered, query.Sort, query.Descending);
        var rows = await ordered
            .Skip(skip).Take(take)
            .Select(d => new { d.Id, d.DeviceId, d.Name, d.IsEnabled, d.Transport, d.FirmwareVersion, d.LastSeenUtc, d.CreatedUtc })
            .ToListAsync(ct);
        var tags = await TagsOfAsync(db, rows.Select(r => r.Id).ToList(), ct);
        var items = rows.Select(r => new DeviceSummary(r.DeviceId, r.Name, tags.GetValueOrDefault(r.Id, []), r.IsEnabled,
            presence.IsOnline(r.DeviceId), presence.ReportedStatus(r.DeviceId), r.Transport, r.FirmwareVersion, r.LastSeenUtc, r.CreatedUtc)).ToList();
        return new DevicePage(items, total);
    }

    public async Task<DeviceCounts> CountAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var total = await db.Devices.CountAsync(ct);
        var enabled = await db.Devices.CountAsync(d => d.IsEnabled, ct);
        return new DeviceCounts(total, enabled);
    }

    /// <summary>How many devices are in each list state (for the list's filter chips), counted in SQLite.</summary>
    public async Task<IReadOnlyDictionary<DeviceStatusFilter, int>> StatusCountsAsync(string? search = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var online = presence.OnlineDeviceIds();
        var counts = new Dictionary<DeviceStatusFilter, int>();
        foreach (var status in Enum.GetValues<DeviceStatusFilter>())
        {
            counts[status] = await ByStatus(Filter(db.Devices.AsNoTracking(), db.DeviceTags, search), status, online).CountAsync(ct);
        }
        return counts;
    }

    /// <summary>Every device matching <paramref name="search"/>, read in batches so a large registry streams.</summary>
    public async IAsyncEnumerable<DeviceExportRow> ExportAsync(string? search, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        long after = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var batch = await Filter(db.Devices.AsNoTracking(), db.DeviceTags, search)
                .Where(d => d.Id > after).OrderBy(d => d.Id).Take(ExportBatch)
                .Select(d => new { d.Id, d.DeviceId, d.Name, d.Description, d.IsEnabled, d.Transport, d.FirmwareVersion, d.CreatedUtc, d.LastSeenUtc })
                .ToListAsync(ct);
            if (batch.Count == 0) yield break;
            var tags = await TagsOfAsync(db, batch.Select(b => b.Id).ToList(), ct);
            foreach (var d in batch)
            {
                yield return new DeviceExportRow(d.DeviceId, d.Name, d.Description, tags.GetValueOrDefault(d.Id, []), d.IsEnabled,
                    d.Transport, d.FirmwareVersion, d.CreatedUtc, d.LastSeenUtc);
            }
            after = batch[^1].Id;
        }
    }

    /// <summary>
    /// Words are ANDed. A word matches a device whose id or name contains it, or that has a tag starting with it;
    /// <c>tag:x</c> matches only devices tagged exactly x. Matching ignores case.
    /// </summary>
    private static IQueryable<Device> Filter(IQueryable<Device> devices, DbSet<DeviceTag> tags, string? search)
    {
        if (string.IsNullOrWhiteSpace(search)) return devices;
        foreach (var word in search.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(8))
        {
            // Tags match through one uncorrelated "id IN (SELECT ...)" that SQLite evaluates once, through the tag
            // index, instead of a lookup per device row.
            if (word.StartsWith("tag:", StringComparison.OrdinalIgnoreCase) && word.Length > 4)
            {
                var tag = word[4..];
                var tagged = tags.Where(t => t.Tag == tag).Select(t => t.DeviceRef);
                devices = devices.Where(d => tagged.Contains(d.Id));
                continue;
            }
            var contains = "%" + EscapeLike(word) + "%";
            var prefix = EscapeLike(word) + "%";
            var tagPrefixed = tags.Where(t => EF.Functions.Like(t.Tag, prefix, "\\")).Select(t => t.DeviceRef);
            devices = devices.Where(d =>
                EF.Functions.Like(d.DeviceId, contains, "\\")
                || EF.Functions.Like(d.Name, contains, "\\")
                || tagPrefixed.Contains(d.Id));
        }
        return devices;
    }

    /// <summary>The ids of every device matching a filter, in id order (for bulk actions on "all N matching").</summary>
    public async Task<IReadOnlyList<string>> MatchingIdsAsync(DeviceMatch match, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ByStatus(Filter(db.Devices.AsNoTracking(), db.DeviceTags, match.Search), match.Status, presence.OnlineDeviceIds())
            .OrderBy(d => d.Id).Select(d => d.DeviceId).ToListAsync(ct);
    }

    public static DeviceListStatus StatusOf(bool isEnabled, bool isOnline, DateTime? lastSeenUtc) =>
        !isEnabled ? DeviceListStatus.Disabled
        : isOnline ? DeviceListStatus.Online
        : lastSeenUtc is not null ? DeviceListStatus.Offline
        : DeviceListStatus.NeverSeen;

    public static string StatusName(DeviceListStatus status) => status switch
    {
        DeviceListStatus.Online => "online",
        DeviceListStatus.Offline => "offline",
        DeviceListStatus.NeverSeen => "never_seen",
        _ => "disabled",
    };

    // Online is the live session (in memory), the rest is in the row; a disabled device is never online (its sessions close).
    private static IQueryable<Device> ByStatus(IQueryable<Device> devices, DeviceStatusFilter status, IReadOnlyList<string> online) => status switch
    {
        DeviceStatusFilter.Online => devices.Where(d => d.IsEnabled && online.Contains(d.DeviceId)),
        DeviceStatusFilter.Offline => devices.Where(d => d.IsEnabled && d.LastSeenUtc != null && !online.Contains(d.DeviceId)),
        DeviceStatusFilter.NeverSeen => devices.Where(d => d.IsEnabled && d.LastSeenUtc == null && !online.Contains(d.DeviceId)),
        DeviceStatusFilter.Disabled => devices.Where(d => !d.IsEnabled),
        _ => devices,
    };

    private static IQueryable<Device> ByStatusRank(IQueryable<Device> devices, IReadOnlyList<string> online, bool descending)
    {
        var ranked = devices.Select(d => new
        {
            Device = d,
            Rank = !d.IsEnabled ? 3 : online.Contains(d.DeviceId) ? 0 : d.LastSeenUtc != null ? 1 : 2,
        });
        return (descending ? ranked.OrderByDescending(r => r.Rank).ThenByDescending(r => r.Device.Name) : ranked.OrderBy(r => r.Rank).ThenBy(r => r.Device.Name))
            .Select(r => r.Device);
    }

    public static bool TryParseStatus(string? value, out DeviceStatusFilter status)
    {
        status = DeviceStatusFilter.Any;
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "any" or "all": return true;
            case "online": status = DeviceStatusFilter.Online; return true;
            case "offline": status = DeviceStatusFilter.Offline; return true;
            case "never" or "neverseen" or "never_seen" or "never-seen": status = DeviceStatusFilter.NeverSeen; return true;
            case "disabled": status = DeviceStatusFilter.Disabled; return true;
            default: return false;
        }
    }

    private static IQueryable<Device> Order(IQueryable<Device> devices, DeviceSort sort, bool descending) => (sort, descending) switch
    {
        (DeviceSort.Name, false) => devices.OrderBy(d => d.Name).ThenBy(d => d.Id),
        (DeviceSort.Name, true) => devices.OrderByDescending(d => d.Name).ThenByDescending(d => d.Id),
        (DeviceSort.Created, false) => devices.OrderBy(d => d.CreatedUtc).ThenBy(d => d.Id),
        (DeviceSort.Created, true) => devices.OrderByDescending(d => d.CreatedUtc).ThenByDescending(d => d.Id),
        (DeviceSort.LastSeen, false) => devices.OrderBy(d => d.LastSeenUtc).ThenBy(d => d.Id),
        (DeviceSort.LastSeen, true) => devices.OrderByDescending(d => d.LastSeenUtc).ThenByDescending(d => d.Id),
        (_, false) => devices.OrderBy(d => d.DeviceId),
        (_, true) => devices.OrderByDescending(d => d.DeviceId),
    };

    private static async Task<Dictionary<long, IReadOnlyList<string>>> TagsOfAsync(NovaDbContext db, List<long> rowIds, CancellationToken ct)
    {
        if (rowIds.Count == 0) return [];
        var tags = await db.DeviceTags.AsNoTracking().Where(t => rowIds.Contains(t.DeviceRef)).Select(t => new { t.DeviceRef, t.Tag }).ToListAsync(ct);
        return tags.GroupBy(t => t.DeviceRef)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(t => t.Tag).Order(StringComparer.OrdinalIgnoreCase).ToList());
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    /// <summary>Parses the API's sort names (and the console grid's property names).</summary>
    public static bool TryParseSort(string? value, out DeviceSort sort)
    {
        sort = DeviceSort.DeviceId;
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "deviceid" or "id": return true;
            case "name": sort = DeviceSort.Name; return true;
            case "created" or "createdutc": sort = DeviceSort.Created; return true;
            case "lastseen" or "lastseenutc" or "last_seen": sort = DeviceSort.LastSeen; return true;
            case "status": sort = DeviceSort.Status; return true;
            default: return false;
        }
    }
}
