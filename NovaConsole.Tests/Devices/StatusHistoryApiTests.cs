using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices.Presence;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

public sealed class StatusHistoryApiTests : IAsyncLifetime
{
    private AppHost host = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        host = await AppHost.StartWithAdminAsync();
        client = await host.CreateSignedInClientAsync();
        (await client.PostAsJsonAsync("api/v1/devices", new { deviceId = "PUMP-1", name = "Pump 1" })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
    }

    private DevicePresence Presence => host.Services.GetRequiredService<DevicePresence>();

    private Task<List<JsonElement>> HistoryAsync(string query = "") =>
        client.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/PUMP-1/status-history{query}")!;

    [Fact]
    public async Task An_open_and_a_close_are_persisted_and_served_newest_first()
    {
        Presence.SessionOpened("PUMP-1", "s1", "mqtt", "10.0.0.7:51000");
        Presence.SessionClosed("PUMP-1", "s1", "keep-alive expired");

        var history = await Eventually.GetAsync(() => HistoryAsync(), h => h.Count >= 2);

        Assert.Equal(2, history.Count);
        Assert.False(history[0].GetProperty("online").GetBoolean());
        Assert.Equal("keep-alive expired", history[0].GetProperty("reason").GetString());
        Assert.True(history[1].GetProperty("online").GetBoolean());
        Assert.Equal("connected", history[1].GetProperty("reason").GetString());
        Assert.Equal("mqtt", history[1].GetProperty("transport").GetString());
    }

    [Fact]
    public async Task The_device_remembers_when_it_was_last_seen_and_over_which_transport()
    {
        Presence.SessionOpened("PUMP-1", "s1", "tcp", "10.0.0.8:40000");

        var device = await Eventually.GetAsync(() => client.GetFromJsonAsync<JsonElement>("api/v1/devices/PUMP-1"),
            d => d.GetProperty("lastSeenUtc").ValueKind != JsonValueKind.Null);

        Assert.Equal("tcp", device.GetProperty("transport").GetString());
        Assert.True(device.GetProperty("isOnline").GetBoolean());
        Assert.InRange(device.GetProperty("lastSeenUtc").GetDateTime(), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task A_reported_status_is_a_history_row_with_its_info()
    {
        Presence.SessionOpened("PUMP-1", "s1", "tcp", null);
        Presence.StatusReported("PUMP-1", "error", "sensor 2 not responding");

        var history = await Eventually.GetAsync(() => HistoryAsync(), h => h.Count >= 2);

        Assert.Equal("reported: error (sensor 2 not responding)", history[0].GetProperty("reason").GetString());
        Assert.True(history[0].GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task Take_limits_the_rows_and_an_unknown_device_is_not_found()
    {
        for (var i = 0; i < 3; i++)
        {
            Presence.SessionOpened("PUMP-1", $"s{i}", "mqtt", null);
            Presence.SessionClosed("PUMP-1", $"s{i}", "client disconnected");
        }
        await Eventually.GetAsync(() => HistoryAsync(), h => h.Count >= 6);

        Assert.Single(await HistoryAsync("?take=1"));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("api/v1/devices/PUMP-1/status-history?take=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/v1/devices/NOPE-1/status-history")).StatusCode);
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/devices/PUMP-1/status-history")).StatusCode);
    }
}
