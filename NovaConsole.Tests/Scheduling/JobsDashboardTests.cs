using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Scheduling;

/// <summary>Hangfire's dashboard at /jobs: administrators signed in with the console's cookie, no one else.</summary>
public sealed class JobsDashboardTests : SignedInAppTests
{
    [Fact]
    public async Task An_admin_signed_in_with_the_cookie_sees_the_dashboard_and_the_retention_job()
    {
        var dashboard = await Admin.GetAsync("jobs");
        var recurring = await Admin.GetStringAsync("jobs/recurring");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("NovaConsole jobs", await dashboard.Content.ReadAsStringAsync());
        Assert.Contains("telemetry-retention", recurring);
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_login_page()
    {
        using var anonymous = Host.CreateClient();

        var response = await anonymous.GetAsync("jobs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_viewer_gets_403()
    {
        var created = await Admin.PostAsJsonAsync("api/v1/users", new { username = "vera", password = "password-123", role = "Viewer" });
        created.EnsureSuccessStatusCode();
        using var viewer = await Host.CreateSignedInClientAsync("vera", "password-123");

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("jobs/recurring")).StatusCode);
    }

    [Fact]
    public async Task An_admins_api_token_does_not_open_it()
    {
        var created = await Admin.PostAsJsonAsync("api/v1/tokens", new { name = "script" });
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var script = Host.CreateClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("api/v1/auth/me")).StatusCode);

        var response = await script.GetAsync("jobs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.AbsolutePath);
    }
}
