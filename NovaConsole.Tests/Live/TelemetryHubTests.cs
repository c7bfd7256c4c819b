using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices.Presence;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Live;

public sealed class TelemetryHubTests : IAsyncLifetime
{
    private const string Hub = "/hubs/telemetry";
    private AppHost host = null!;
    private string token = "";
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(20));

    public async Task InitializeAsync()
    {
        host = await AppHost.StartWithAdminAsync();
        using var admin = await host.CreateSignedInClientAsync();
        var created = await admin.PostAsJsonAsync("api/v1/tokens", new { name = "wallboard" });
        created.EnsureSuccessStatusCode();
        token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        timeout.Dispose();
        await host.DisposeAsync();
    }

    private Task StoreAsync(string deviceId, DateTimeOffset at, params TelemetryReading[] readings) =>
        host.Services.GetRequiredService<TelemetryIngest>().StoreAsync(new TelemetryMessage(deviceId, at, readings), timeout.Token);

    [Fact]
    public async Task The_hub_pushes_stored_telemetry_to_a_subscribed_websocket_client()
    {
        await using var client = await SignalRJsonClient.ConnectAsync(host.BaseAddress, Hub, token, timeout.Token);
        await client.InvokeAsync("Subscribe", ["GH-7"], timeout.Token);

        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await StoreAsync("OTHER-1", at, new TelemetryReading("temperature", TelemetryValue.FromNumber(-1)));
        await StoreAsync("GH-7", at, new TelemetryReading("temperature", TelemetryValue.FromNumber(21.5)),
            new TelemetryReading("pump", TelemetryValue.FromBoolean(true)), new TelemetryReading("gps", TelemetryValue.FromJson("""{"lat":1.5}""")));

        var pushed = await client.NextEventAsync("telemetry", timeout.Token);
        Assert.Equal("GH-7", pushed.GetProperty("deviceId").GetString());
        Assert.Equal(at, pushed.GetProperty("at").GetDateTimeOffset());
        var values = pushed.GetProperty("values");
        Assert.Equal(21.5, values.GetProperty("temperature").GetDouble());
        Assert.True(values.GetProperty("pump").GetBoolean());
        Assert.Equal(1.5, values.GetProperty("gps").GetProperty("lat").GetDouble());
    }

    [Fact]
    public async Task A_non_finite_value_reaches_subscribers_as_null_and_does_not_disconnect_them()
    {
        await using var client = await SignalRJsonClient.ConnectAsync(host.BaseAddress, Hub, token, timeout.Token);
        await client.InvokeAsync("Subscribe", ["GH-10"], timeout.Token);
        var at = DateTimeOffset.UtcNow;

        await StoreAsync("GH-10", at, new TelemetryReading("level", TelemetryValue.FromNumber(double.PositiveInfinity)),
            new TelemetryReading("nan", TelemetryValue.FromNumber(double.NaN)));
        await StoreAsync("GH-10", at.AddSeconds(1), new TelemetryReading("level", TelemetryValue.FromNumber(3)));

        var first = await client.NextEventAsync("telemetry", timeout.Token);
        var second = await client.NextEventAsync("telemetry", timeout.Token);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("values").GetProperty("level").ValueKind);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("values").GetProperty("nan").ValueKind);
        Assert.Equal(3, second.GetProperty("values").GetProperty("level").GetDouble());
        await client.InvokeAsync("Subscribe", ["GH-11"], timeout.Token);
    }

    [Fact]
    public async Task The_hub_pushes_presence_changes_and_stops_after_unsubscribe()
    {
        await using var client = await SignalRJsonClient.ConnectAsync(host.BaseAddress, Hub, token, timeout.Token);
        await client.InvokeAsync("Subscribe", ["gh-8"], timeout.Token);
        var presence = host.Services.GetRequiredService<DevicePresence>();

        presence.SessionOpened("GH-8", "s1", "tcp", null);
        var online = await client.NextEventAsync("presence", timeout.Token);
        Assert.True(online.GetProperty("online").GetBoolean());
        Assert.Equal("connected", online.GetProperty("reason").GetString());

        await client.InvokeAsync("Unsubscribe", ["GH-8"], timeout.Token);
        await client.InvokeAsync("Subscribe", ["GH-9"], timeout.Token);
        presence.SessionClosed("GH-8", "s1", "client disconnected");
        presence.SessionOpened("GH-9", "s2", "mqtt", null);
        // Events arrive in order, so the first presence event after unsubscribing is GH-9's.
        Assert.Equal("GH-9", (await client.NextEventAsync("presence", timeout.Token)).GetProperty("deviceId").GetString());
    }

    [Fact]
    public async Task Subscribing_to_an_invalid_device_id_is_refused_with_an_error()
    {
        await using var client = await SignalRJsonClient.ConnectAsync(host.BaseAddress, Hub, token, timeout.Token);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.InvokeAsync("Subscribe", ["no spaces allowed"], timeout.Token));
        Assert.Contains("not a device id", error.Message);
    }

    [Fact]
    public async Task The_hub_refuses_an_unauthenticated_connection()
    {
        using var anonymous = host.CreateClient();
        var negotiate = await anonymous.PostAsync("hubs/telemetry/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);

        using var socket = new ClientWebSocket();
        var ws = new UriBuilder(host.BaseAddress) { Scheme = "ws", Path = Hub, Query = "access_token=nct_not-a-real-token" }.Uri;
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(ws, timeout.Token));
        Assert.Contains("401", refused.Message);
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_accepted_only_on_the_hub_path()
    {
        using var anonymous = host.CreateClient();
        var negotiate = await anonymous.PostAsync($"hubs/telemetry/negotiate?negotiateVersion=1&access_token={token}", null);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);

        var api = await anonymous.GetAsync($"api/v1/devices?access_token={token}");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }
}
