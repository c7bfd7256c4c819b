using System.Net;
using System.Net.Http.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Accounts;

public sealed class UsersApiTests : SignedInAppTests
{
    private async Task<long> CreateUserAsync(string username, string role)
    {
        var response = await Admin.PostAsJsonAsync("api/v1/users", new { username, password = "password-123", role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<UserDto>())!.Id;
    }

    [Fact]
    public async Task Admin_creates_a_viewer_who_can_sign_in_but_cannot_manage_users()
    {
        await CreateUserAsync("vera", "Viewer");
        using var vera = await Host.CreateSignedInClientAsync("vera", "password-123");

        var list = await vera.GetAsync("api/v1/users");
        var create = await vera.PostAsJsonAsync("api/v1/users", new { username = "x", password = "password-123", role = "Admin" });

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task The_last_active_admin_cannot_be_demoted_disabled_or_deleted()
    {
        var users = await Admin.GetFromJsonAsync<List<UserDto>>("api/v1/users");
        var self = users!.Single(u => u.Username == AppHost.AdminUser);

        var demote = await Admin.PatchAsJsonAsync($"api/v1/users/{self.Id}", new { role = "Viewer" });
        var disable = await Admin.PatchAsJsonAsync($"api/v1/users/{self.Id}", new { isActive = false });
        var delete = await Admin.DeleteAsync($"api/v1/users/{self.Id}");

        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Contains("last active administrator", (await Problem.ReadAsync(delete)).Detail);
    }

    [Fact]
    public async Task With_a_second_admin_the_first_can_be_demoted()
    {
        await CreateUserAsync("second", "Admin");
        var self = (await Admin.GetFromJsonAsync<List<UserDto>>("api/v1/users"))!.Single(u => u.Username == AppHost.AdminUser);

        var demote = await Admin.PatchAsJsonAsync($"api/v1/users/{self.Id}", new { role = "Operator" });

        Assert.Equal(HttpStatusCode.NoContent, demote.StatusCode);
        // The change renews the security stamp: the old Admin cookie stops working at once.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Admin.GetAsync("api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_sessions_and_refuses_new_sign_ins()
    {
        var id = await CreateUserAsync("otto", "Operator");
        using var otto = await Host.CreateSignedInClientAsync("otto", "password-123");

        var disable = await Admin.PatchAsJsonAsync($"api/v1/users/{id}", new { isActive = false });
        var me = await otto.GetAsync("api/v1/auth/me");
        var again = await Host.CreateClient().PostAsJsonAsync("api/v1/auth/login", new { username = "otto", password = "password-123" });

        Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Contains("disabled", (await Problem.ReadAsync(again)).Detail);
    }

    [Fact]
    public async Task Password_reset_lets_the_user_sign_in_with_the_new_password_only()
    {
        var id = await CreateUserAsync("paula", "Viewer");

        var reset = await Admin.PostAsJsonAsync($"api/v1/users/{id}/password", new { password = "brand-new-pass" });
        using var client = Host.CreateClient();
        var old = await client.PostAsJsonAsync("api/v1/auth/login", new { username = "paula", password = "password-123" });
        var fresh = await client.PostAsJsonAsync("api/v1/auth/login", new { username = "paula", password = "brand-new-pass" });

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Theory]
    [InlineData("", "password-123", "Viewer", "Username")]
    [InlineData("bad name!", "password-123", "Viewer", "Username")]
    [InlineData("shorty", "short", "Viewer", "Password")]
    [InlineData("norole", "password-123", "Root", "Role")]
    public async Task Invalid_users_are_refused_with_a_clear_message(string username, string password, string role, string mentioned)
    {
        var response = await Admin.PostAsJsonAsync("api/v1/users", new { username, password, role });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mentioned, (await Problem.ReadAsync(response)).Detail);
    }

    [Fact]
    public async Task Duplicate_usernames_conflict_regardless_of_case()
    {
        await CreateUserAsync("Dana", "Viewer");

        var response = await Admin.PostAsJsonAsync("api/v1/users", new { username = "dana", password = "password-123", role = "Viewer" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    private sealed record UserDto(long Id, string Username, string Role, bool IsActive);
}
