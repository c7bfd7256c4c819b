using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices.Presence;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

/// <summary>The devices list's server-side state filters, the status sort, and bulk actions on "all N matching".</summary>
public sealed class DeviceListFilterApiTests : SignedInAppTests
{
    private DevicePresence Presence => Host.Services.GetRequiredService<DevicePresence>();

    private async Task<string[]> IdsAsync(string query) =>
        (await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices?{query}")).GetProperty("items").EnumerateArray()
            .Select(d => d.GetProperty("deviceId").GetString()!).ToArray();

    /// <summary>Four devices, one per state: online, offline (seen, gone), never seen, disabled.</summary>
    private async Task<(string Online, string Offline, string Never, string Disabled)> FourStatesAsync()
    {
        var (online, _) = await CreateDeviceAsync("b online");
        var (offline, _) = await CreateDeviceAsync("d offline");
        var (never, _) = await CreateDeviceAsync("a never");
        var (disabled, _) = await CreateDeviceAsync("c disabled");
        Presence.SessionOpened(offline, "s-1", "mqtt", "127.0.0.1");
        Presence.SessionClosed(offline, "s-1", "test");
        Presence.SessionOpened(online, "s-2", "mqtt", "127.0.0.1");
        (await Admin.PostAsync($"api/v1/devices/{disabled}/disable", null)).EnsureSuccessStatusCode();
        // last_seen is written by the status history writer, a moment after the change.
        await Eventually.GetAsync(() => IdsAsync("status=offline"), ids => ids.Length == 1);
        return (online, offline, never, disabled);
    }

    [Fact]
    public async Task Each_state_filter_returns_only_its_devices_and_the_rows_say_their_status()
    {
        var (online, offline, never, disabled) = await FourStatesAsync();

        Assert.Equal([online], await IdsAsync("status=online"));
        Assert.Equal([offline], await IdsAsync("status=offline"));
        Assert.Equal([never], await IdsAsync("status=never_seen"));
        Assert.Equal([disabled], await IdsAsync("status=disabled"));
        Assert.Equal(4, (await IdsAsync("")).Length);
        var rows = (await Admin.GetFromJsonAsync<JsonElement>("api/v1/devices")).GetProperty("items").EnumerateArray()
            .ToDictionary(d => d.GetProperty("deviceId").GetString()!, d => d.GetProperty("status").GetString());
        Assert.Equal("online", rows[online]);
        Assert.Equal("offline", rows[offline]);
        Assert.Equal("never_seen", rows[never]);
        Assert.Equal("disabled", rows[disabled]);
        var counts = await Host.Services.GetRequiredService<NovaConsole.Devices.DeviceRegistry>().StatusCountsAsync();
        Assert.Equal([4, 1, 1, 1, 1], counts.OrderBy(c => c.Key).Select(c => c.Value).ToArray());
    }

    [Fact]
    public async Task Sorting_by_status_puts_online_first_then_offline_never_seen_and_disabled()
    {
        var (online, offline, never, disabled) = await FourStatesAsync();

        Assert.Equal([online, offline, never, disabled], await IdsAsync("sort=status"));
        Assert.Equal([disabled, never, offline, online], await IdsAsync("sort=status&desc=true"));
    }

    [Fact]
    public async Task An_unknown_status_is_a_400()
    {
        var response = await Admin.GetAsync("api/v1/devices?status=sleeping");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("never_seen", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bulk_action_on_a_filter_changes_every_matching_device_and_no_other()
    {
        for (var i = 0; i < 3; i++) await CreateDeviceAsync($"pump {i}");
        var (other, _) = await CreateDeviceAsync("valve");

        var response = await Admin.PostAsJsonAsync("api/v1/devices/bulk", new { action = "disable", match = new { search = "pump", status = "never_seen" }, expectedCount = 3 });

        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, result.GetProperty("affected").GetArrayLength());
        Assert.Equal(3, (await IdsAsync("status=disabled")).Length);
        Assert.Equal([other], await IdsAsync("status=never_seen"));
    }

    [Fact]
    public async Task A_bulk_action_whose_count_changed_is_refused_and_changes_nothing()
    {
        for (var i = 0; i < 3; i++) await CreateDeviceAsync($"pump {i}");

        var stale = await Admin.PostAsJsonAsync("api/v1/devices/bulk", new { action = "delete", match = new { search = "pump" }, expectedCount = 2 });
        var everything = await Admin.PostAsJsonAsync("api/v1/devices/bulk", new { action = "delete", match = new { } });
        var both = await Admin.PostAsJsonAsync("api/v1/devices/bulk", new { action = "delete", deviceIds = new[] { "x" }, match = new { search = "pump" } });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, everything.StatusCode);   // every device needs expectedCount to confirm
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(3, (await IdsAsync("")).Length);
    }
}
