using NovaConsole.Devices;

namespace NovaConsole.Components.Pages.Devices;

/// <summary>The devices grid's state (page, page size, the sorted column's property, filters) as a registry query.</summary>
internal static class DeviceListQuery
{
    public static DeviceQuery From(string? search, DeviceStatusFilter status, string? sortBy, bool descending, int page, int pageSize)
    {
        var size = Math.Clamp(pageSize, 1, DeviceQuery.MaxTake);
        // An unknown column sorts by device id, as the API's default does.
        if (!DeviceRegistry.TryParseSort(sortBy, out var sort)) sort = DeviceSort.DeviceId;
        return new DeviceQuery(string.IsNullOrWhiteSpace(search) ? null : search.Trim(), sort, descending, Math.Max(0, page) * size, size, status);
    }
}
