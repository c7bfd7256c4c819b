using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;
using NovaConsole.Tests.Live;

namespace NovaConsole.Tests.Accounts;

/// <summary>API tokens: read-only or full scope, an optional expiry, and revocation that reaches open hub connections.</summary>
public sealed class ApiTokenScopeTests : SignedInAppTests
{
    private HttpClient BearerClient(string token)
    {
        var client = Host.CreateCrossSiteClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<JsonElement> CreateTokenAsync(object request)
    {
        var created = await Admin.PostAsJsonAsync("api/v1/tokens", request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await created.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_read_only_token_reads_but_gets_403_on_every_change()
    {
        var created = await CreateTokenAsync(new { name = "wallboard", scope = "read" });
        using var script = BearerClient(created.GetProperty("token").GetString()!);

        var users = await script.GetAsync("api/v1/users");
        var post = await script.PostAsJsonAsync("api/v1/devices", new { name = "sneaky" });
        var delete = await script.DeleteAsync($"api/v1/tokens/{created.GetProperty("id").GetInt64()}");
        var listed = await Admin.GetFromJsonAsync<JsonElement>("api/v1/tokens");

        Assert.Equal("read", created.GetProperty("scope").GetString());
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Contains("read-only", (await Problem.ReadAsync(post)).Detail);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.False(listed[0].GetProperty("revoked").GetBoolean());
        Assert.Equal(0, (await Admin.GetFromJsonAsync<JsonElement>("api/v1/devices")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_token_is_full_scope_unless_asked_and_an_unknown_scope_is_refused()
    {
        var plain = await CreateTokenAsync(new { name = "default" });
        var wrong = await Admin.PostAsJsonAsync("api/v1/tokens", new { name = "odd", scope = "admin" });

        Assert.Equal("full", plain.GetProperty("scope").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("scope", (await Problem.ReadAsync(wrong)).Detail);
    }

    [Fact]
    public async Task A_token_stops_working_when_it_expires()
    {
        var expires = DateTime.UtcNow.AddSeconds(2);
        var created = await CreateTokenAsync(new { name = "short-lived", expiresUtc = expires });
        using var script = BearerClient(created.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("api/v1/auth/me")).StatusCode);

        // Waits on the token's state, polling: the app's clock is the real one.
        var after = await Eventually.GetAsync(async () => (await script.GetAsync("api/v1/auth/me")).StatusCode, s => s == HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.Unauthorized, after);
        Assert.True(DateTime.UtcNow >= expires);
        var listed = await Admin.GetFromJsonAsync<JsonElement>("api/v1/tokens");
        Assert.Equal(expires, listed[0].GetProperty("expiresUtc").GetDateTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task An_expiry_in_the_past_is_refused()
    {
        var response = await Admin.PostAsJsonAsync("api/v1/tokens", new { name = "stale", expiresUtc = DateTime.UtcNow.AddMinutes(-1) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("future", (await Problem.ReadAsync(response)).Detail);
    }

    [Fact]
    public async Task Revoking_a_token_closes_its_open_hub_connections_at_once()
    {
        var created = await CreateTokenAsync(new { name = "dashboard" });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await using var hub = await SignalRJsonClient.ConnectAsync(Host.BaseAddress, "/hubs/telemetry", created.GetProperty("token").GetString()!, timeout.Token);
        var (deviceId, _) = await CreateDeviceAsync();
        await hub.InvokeAsync("Subscribe", [deviceId], timeout.Token);

        var revoke = await Admin.DeleteAsync($"api/v1/tokens/{created.GetProperty("id").GetInt64()}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        var closed = await Record.ExceptionAsync(() => hub.NextEventAsync("telemetry", timeout.Token));
        Assert.False(timeout.IsCancellationRequested, "the hub connection was still open 15 s after the revoke");
        Assert.NotNull(closed);
    }
    [Fact]
    public async Task A_token_that_expires_while_its_hub_connection_is_open_ends_that_connection()
    {
        // The token is valid when the connection opens and expires a few seconds later, with the connection still open.
        var expires = DateTime.UtcNow.AddSeconds(4);
        var created = await CreateTokenAsync(new { name = "short-lived", expiresUtc = expires });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var hub = await SignalRJsonClient.ConnectAsync(Host.BaseAddress, "/hubs/telemetry", created.GetProperty("token").GetString()!, timeout.Token);
        var (deviceId, _) = await CreateDeviceAsync();
        await hub.InvokeAsync("Subscribe", [deviceId], timeout.Token);

        var closed = await Record.ExceptionAsync(() => hub.NextEventAsync("telemetry", timeout.Token));

        Assert.False(timeout.IsCancellationRequested, "the hub connection was still open 26 s after its token expired");
        Assert.IsType<InvalidOperationException>(closed);
        Assert.True(DateTime.UtcNow >= expires.AddMilliseconds(-50), "closed before the token expired");
    }
}
