using NovaConsole.Components.Pages.Devices;
using NovaConsole.Devices;

namespace NovaConsole.Tests.Devices;

public sealed class DeviceListQueryTests
{
    [Theory]
    [InlineData("Name", "Name")]
    [InlineData("Status", "Status")]
    [InlineData("DeviceId", "DeviceId")]
    [InlineData("LastSeenUtc", "LastSeen")]
    [InlineData(null, "DeviceId")]
    [InlineData("Tags", "DeviceId")]
    public void The_sorted_column_maps_to_the_registry_sort(string? column, string expected)
    {
        Assert.Equal(Enum.Parse<DeviceSort>(expected), DeviceListQuery.From(null, DeviceStatusFilter.Any, column, false, 0, 25).Sort);
    }

    [Fact]
    public void The_page_becomes_skip_and_take_and_the_filters_pass_through()
    {
        var query = DeviceListQuery.From("  pump ", DeviceStatusFilter.Offline, "Name", true, 3, 50);

        Assert.Equal(new DeviceQuery("pump", DeviceSort.Name, true, 150, 50, DeviceStatusFilter.Offline), query);
    }

    [Fact]
    public void Page_size_is_bounded_and_a_blank_search_is_none()
    {
        var query = DeviceListQuery.From(" ", DeviceStatusFilter.Any, null, false, -1, 100_000);

        Assert.Null(query.Search);
        Assert.Equal((0, DeviceQuery.MaxTake), (query.Skip, query.Take));
    }
}
