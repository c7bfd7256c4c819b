using System.Net;
using System.Net.Http.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Accounts;

public sealed class SetupApiTests
{
    [Fact]
    public async Task First_start_writes_a_setup_token_and_setup_with_it_creates_the_admin()
    {
        await using var host = await AppHost.StartAsync();
        var token = host.ReadSetupToken();
        Assert.True(token.Length >= 20);
        using var client = host.CreateClient();

        var response = await client.PostAsJsonAsync("api/v1/setup", new { token, username = "root", password = "long-enough-password" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(File.Exists(Path.Combine(host.DataPath, "setup-token.txt")), "the token file is removed once used");
        var login = await client.PostAsJsonAsync("api/v1/auth/login", new { username = "root", password = "long-enough-password" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var me = await client.GetFromJsonAsync<Dictionary<string, object>>("api/v1/auth/me");
        Assert.Equal("Admin", me!["role"].ToString());
    }

    [Fact]
    public async Task Setup_with_a_wrong_token_is_refused_and_creates_nobody()
    {
        await using var host = await AppHost.StartAsync();
        using var client = host.CreateClient();

        var response = await client.PostAsJsonAsync("api/v1/setup", new { token = "not-the-token", username = "root", password = "long-enough-password" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Wrong setup token", (await Problem.ReadAsync(response)).Detail);
        var login = await client.PostAsJsonAsync("api/v1/auth/login", new { username = "root", password = "long-enough-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Setup_is_gone_once_an_admin_exists_even_after_a_restart_with_the_same_data()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        using var client = host.CreateClient();

        var again = await client.PostAsJsonAsync("api/v1/setup", new { token = "anything", username = "second", password = "long-enough-password" });
        var page = await client.GetAsync("setup");

        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.False(File.Exists(Path.Combine(host.DataPath, "setup-token.txt")));
    }

    [Fact]
    public async Task Setup_with_missing_fields_answers_a_problem_naming_the_field()
    {
        await using var host = await AppHost.StartAsync();
        using var client = host.CreateClient();

        var noPassword = await client.PostAsJsonAsync("api/v1/setup", new { token = host.ReadSetupToken(), username = "root" });

        Assert.Equal(HttpStatusCode.BadRequest, noPassword.StatusCode);
        Assert.Contains("Password", (await Problem.ReadAsync(noPassword)).Detail);
        Assert.True(File.Exists(Path.Combine(host.DataPath, "setup-token.txt")), "a failed attempt leaves setup open");
    }
}
