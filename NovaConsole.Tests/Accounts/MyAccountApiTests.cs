using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Accounts;

/// <summary>Self-service: read your account, change your own password with the current one, sign out your other sessions.</summary>
public sealed class MyAccountApiTests : SignedInAppTests
{
    private const string NewPassword = "violet-harbour-lamp";

    [Fact]
    public async Task The_account_shows_name_role_and_sessions_with_the_current_one_marked()
    {
        using var second = await Host.CreateSignedInClientAsync();

        var account = await Admin.GetFromJsonAsync<JsonElement>("api/v1/account");

        Assert.Equal(("admin", "Admin"), (account.GetProperty("username").GetString(), account.GetProperty("role").GetString()));
        var sessions = account.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Single(sessions, s => s.GetProperty("current").GetBoolean());
    }

    [Fact]
    public async Task Changing_your_password_needs_the_current_one_and_ends_your_other_sessions()
    {
        using var second = await Host.CreateSignedInClientAsync();

        var wrong = await Admin.PostAsJsonAsync("api/v1/account/password", new { currentPassword = "not-my-password", newPassword = NewPassword });
        var weak = await Admin.PostAsJsonAsync("api/v1/account/password", new { currentPassword = AppHost.AdminPassword, newPassword = "aaaaaaaaaaaa" });
        var changed = await Admin.PostAsJsonAsync("api/v1/account/password", new { currentPassword = AppHost.AdminPassword, newPassword = NewPassword });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("The current password is wrong.", (await Problem.ReadAsync(wrong)).Detail);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync("api/v1/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("api/v1/account")).StatusCode);
        using var client = Host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("api/v1/auth/login", new { username = "admin", password = AppHost.AdminPassword })).StatusCode);
        using var fresh = await Host.CreateSignedInClientAsync(password: NewPassword);
        var audit = await fresh.GetStringAsync("api/v1/audit?action=account.password-change");
        Assert.Contains("wrong current password", audit);
        Assert.Contains("other sessions ended", audit);
    }

    [Fact]
    public async Task Signing_out_other_sessions_keeps_this_one()
    {
        using var second = await Host.CreateSignedInClientAsync();
        using var third = await Host.CreateSignedInClientAsync();

        var revoked = await Admin.PostAsync("api/v1/account/sessions/revoke-others", null);

        Assert.Equal(2, (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ended").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync("api/v1/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("api/v1/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await third.GetAsync("api/v1/account")).StatusCode);
        Assert.Single((await Admin.GetFromJsonAsync<JsonElement>("api/v1/account")).GetProperty("sessions").EnumerateArray());
    }

    [Fact]
    public async Task A_viewer_manages_their_own_account_and_an_anonymous_client_cannot()
    {
        (await Admin.PostAsJsonAsync("api/v1/users", new { username = "vera", password = "sturdy-lantern-42", role = "Viewer" })).EnsureSuccessStatusCode();
        using var viewer = await Host.CreateSignedInClientAsync("vera", "sturdy-lantern-42");
        using var anonymous = Host.CreateClient();

        var changed = await viewer.PostAsJsonAsync("api/v1/account/password", new { currentPassword = "sturdy-lantern-42", newPassword = NewPassword });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("api/v1/account/sessions/revoke-others", null)).StatusCode);
    }
}
