using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Accounts;

public sealed class ApiTokenApiTests : SignedInAppTests
{
    private HttpClient BearerClient(string token)
    {
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_created_token_is_shown_once_and_authenticates_with_the_users_role()
    {
        var created = await Admin.PostAsJsonAsync("api/v1/tokens", new { name = "nightly export" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = (await created.Content.ReadFromJsonAsync<CreatedDto>())!.Token;
        Assert.StartsWith("nct_", token);

        using var script = BearerClient(token);
        var users = await script.GetAsync("api/v1/users");
        var listed = await Admin.GetStringAsync("api/v1/tokens");

        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Contains("nightly export", listed);
        Assert.DoesNotContain(token, listed);
    }

    [Fact]
    public async Task Only_a_hash_of_the_token_is_stored()
    {
        var created = await Admin.PostAsJsonAsync("api/v1/tokens", new { name = "probe" });
        var token = (await created.Content.ReadFromJsonAsync<CreatedDto>())!.Token;

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Host.DataPath, "novaconsole.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT token_hash FROM api_tokens";
        var stored = (string)(await command.ExecuteScalarAsync())!;

        Assert.NotEqual(token, stored);
        Assert.DoesNotContain(token[4..], stored);
        Assert.Equal(64, stored.Length);
    }

    [Fact]
    public async Task A_revoked_token_stops_working_at_once()
    {
        var created = (await (await Admin.PostAsJsonAsync("api/v1/tokens", new { name = "temp" })).Content.ReadFromJsonAsync<CreatedDto>())!;
        using var script = BearerClient(created.Token);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("api/v1/auth/me")).StatusCode);

        var revoke = await Admin.DeleteAsync($"api/v1/tokens/{created.Id}");
        var after = await script.GetAsync("api/v1/auth/me");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(401, (await Problem.ReadAsync(after)).Status);
    }

    [Fact]
    public async Task A_made_up_bearer_token_is_refused()
    {
        using var script = BearerClient("nct_thisisnotarealtokenatall");

        var response = await script.GetAsync("api/v1/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_without_a_name_is_refused()
    {
        var response = await Admin.PostAsJsonAsync("api/v1/tokens", new { name = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("name", (await Problem.ReadAsync(response)).Detail);
    }

    [Fact]
    public async Task A_viewer_token_cannot_reach_admin_endpoints()
    {
        await Admin.PostAsJsonAsync("api/v1/users", new { username = "vic", password = "password-123", role = "Viewer" });
        using var vic = await Host.CreateSignedInClientAsync("vic", "password-123");
        var token = (await (await vic.PostAsJsonAsync("api/v1/tokens", new { name = "mine" })).Content.ReadFromJsonAsync<CreatedDto>())!.Token;
        using var script = BearerClient(token);

        var response = await script.GetAsync("api/v1/users");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(403, (await Problem.ReadAsync(response)).Status);
    }

    private sealed record CreatedDto(long Id, string Name, string Token);
}
