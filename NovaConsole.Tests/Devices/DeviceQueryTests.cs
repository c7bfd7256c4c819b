using System.Net.Http.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

/// <summary>One app with 2,000 devices (see <see cref="DeviceSeed"/>), queried through the API.</summary>
public sealed class DeviceQueryFixture : IAsyncLifetime
{
    public const int Count = 2000;

    public AppHost Host { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await AppHost.StartWithAdminAsync();
        await DeviceSeed.InsertAsync(Host.DataPath, Count);
        Admin = await Host.CreateSignedInClientAsync();
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Host.DisposeAsync();
    }
}

public sealed class DeviceQueryTests(DeviceQueryFixture fixture) : IClassFixture<DeviceQueryFixture>
{
    private Task<PageDto> GetAsync(string query) => fixture.Admin.GetFromJsonAsync<PageDto>($"api/v1/devices?{query}")!;

    [Fact]
    public async Task A_middle_page_sorted_by_device_id_holds_the_right_devices_and_the_total()
    {
        var page = await GetAsync("skip=100&take=50");

        Assert.Equal(DeviceQueryFixture.Count, page.Total);
        Assert.Equal(Enumerable.Range(100, 50).Select(i => $"DEV-{i:D6}"), page.Items.Select(d => d.DeviceId));
    }

    [Fact]
    public async Task Sorting_by_name_descending_puts_the_last_name_first()
    {
        var page = await GetAsync("sort=name&desc=true&take=3");

        // "Valve 999" > "Valve 997" > ... in text order.
        Assert.Equal(["Valve 999", "Valve 997", "Valve 995"], page.Items.Select(d => d.Name));
    }

    [Fact]
    public async Task Sorting_by_last_seen_descending_shows_the_most_recent_first()
    {
        var page = await GetAsync("sort=lastSeen&desc=true&take=2");

        Assert.Equal(["DEV-001998", "DEV-001995"], page.Items.Select(d => d.DeviceId));
        Assert.Equal(DeviceSeed.BaseTime.AddHours(1998), page.Items[0].LastSeenUtc);
    }

    [Fact]
    public async Task Sorting_by_created_ascending_pages_in_creation_order()
    {
        var page = await GetAsync("sort=created&skip=1990&take=50");

        Assert.Equal(Enumerable.Range(1990, 10).Select(i => $"DEV-{i:D6}"), page.Items.Select(d => d.DeviceId));
        Assert.Equal(DeviceQueryFixture.Count, page.Total);
    }

    [Fact]
    public async Task Search_matches_name_substrings_without_regard_to_case()
    {
        var page = await GetAsync("search=VALVE&take=5");

        Assert.Equal(1000, page.Total);
        Assert.All(page.Items, d => Assert.StartsWith("Valve", d.Name));
    }

    [Fact]
    public async Task Search_matches_device_id_substrings_and_treats_underscore_literally()
    {
        var byId = await GetAsync("search=dev-00199");
        var underscore = await GetAsync("search=DEV_0");

        Assert.Equal(Enumerable.Range(1990, 10).Select(i => $"DEV-{i:D6}"), byId.Items.Select(d => d.DeviceId));
        Assert.Equal(0, underscore.Total);
    }

    [Fact]
    public async Task Search_by_tag_and_words_together_narrows_the_result()
    {
        var tagged = await GetAsync("search=tag:north&take=500");
        var both = await GetAsync("search=valve%20tag:NORTH&take=500");

        Assert.Equal(400, tagged.Total);
        Assert.All(tagged.Items, d => Assert.Contains("north", d.Tags));
        Assert.Equal(200, both.Total);
        Assert.All(both.Items, d => Assert.EndsWith("5", d.Name));
    }

    [Fact]
    public async Task Take_is_capped_at_500()
    {
        var page = await GetAsync("take=5000");

        Assert.Equal(500, page.Items.Length);
    }
}
