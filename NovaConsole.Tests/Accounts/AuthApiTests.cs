using System.Net;
using System.Net.Http.Json;
using System.Text;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Accounts;

public sealed class AuthApiTests : IAsyncLifetime
{
    private AppHost host = null!;

    public async Task InitializeAsync() => host = await AppHost.StartWithAdminAsync("--Accounts:LockoutThreshold=3");

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("api/v1/users")]
    [InlineData("api/v1/tokens")]
    [InlineData("api/v1/auth/me")]
    public async Task Api_calls_without_sign_in_get_401_problem_details(string path)
    {
        using var client = host.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (await Problem.ReadAsync(response)).Status);
    }

    [Theory]
    [InlineData("assets/app.css", "text/css")]
    [InlineData("assets/logo.svg", "image/svg+xml")]
    [InlineData("_framework/blazor.web.js", "text/javascript")]
    [InlineData("_content/MudBlazor/MudBlazor.min.css?v=9.14.0", "text/css")]
    [InlineData("_content/MudBlazor/MudBlazor.min.js", "text/javascript")]
    public async Task Static_assets_are_served_without_sign_in(string path, string contentType)
    {
        using var client = host.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Console_pages_without_sign_in_redirect_to_login()
    {
        using var client = host.CreateClient();

        var response = await client.GetAsync("users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Healthz_is_public_and_lists_the_bound_http_listener()
    {
        using var client = host.CreateClient();

        var health = await client.GetFromJsonAsync<HealthDto>("healthz");

        Assert.Equal("ok", health!.Status);
        Assert.Equal("ok", health.Database);
        Assert.Contains(health.Listeners, l => l.Name == "http" && l.Address == $"http://127.0.0.1:{host.BaseAddress.Port}");
        Assert.NotEqual(0, host.BaseAddress.Port);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_repeated_failures_lock_the_account()
    {
        using var client = host.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            var wrong = await client.PostAsJsonAsync("api/v1/auth/login", new { username = AppHost.AdminUser, password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var third = await client.PostAsJsonAsync("api/v1/auth/login", new { username = AppHost.AdminUser, password = "wrong-password" });
        var evenRight = await client.PostAsJsonAsync("api/v1/auth/login", new { username = AppHost.AdminUser, password = AppHost.AdminPassword });

        Assert.Equal(HttpStatusCode.Locked, third.StatusCode);
        Assert.Equal(HttpStatusCode.Locked, evenRight.StatusCode);
        Assert.Contains("locked", (await Problem.ReadAsync(evenRight)).Detail);
    }

    [Theory]
    [InlineData("{\"username\": \"admin\", \"password\": ")]
    [InlineData("not json at all")]
    [InlineData("{\"username\": 42, \"password\": []}")]
    public async Task Broken_json_gets_a_400_problem_never_a_500(string body)
    {
        using var client = host.CreateClient();

        var response = await client.PostAsync("api/v1/auth/login", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("JSON", (await Problem.ReadAsync(response)).Detail);
    }

    [Fact]
    public async Task Logout_ends_the_cookie_session()
    {
        using var client = await host.CreateSignedInClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/auth/me")).StatusCode);

        var logout = await client.PostAsync("api/v1/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task System_stats_need_sign_in_and_report_every_part()
    {
        using var anonymous = host.CreateClient();
        using var admin = await host.CreateSignedInClientAsync();

        var refused = await anonymous.GetAsync("api/v1/system/stats");
        var stats = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("api/v1/system/stats");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(0, stats.GetProperty("telemetry").GetProperty("messagesStored").GetInt64());
        Assert.Equal(0, stats.GetProperty("broker").GetProperty("connectedClients").GetInt32());
        Assert.True(stats.GetProperty("processWorkingSetBytes").GetInt64() > 0);
        // Every part registers its own stats source; the endpoint names none of them.
        Assert.Equal(0, stats.GetProperty("deviceTcp").GetProperty("openConnections").GetInt64());
        Assert.Equal(0, stats.GetProperty("devicesOnline").GetInt32());
        Assert.True(stats.GetProperty("managedHeapBytes").GetInt64() > 0);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_api()
    {
        using var client = host.CreateClient();

        var document = await client.GetStringAsync("openapi/v1.json");

        Assert.Contains("/api/v1/auth/login", document);
        Assert.Contains("/api/v1/tokens", document);
    }

    private sealed record HealthDto(string Status, string Version, long UptimeSeconds, string Database, List<ListenerDto> Listeners);

    private sealed record ListenerDto(string Name, string Address);
}
