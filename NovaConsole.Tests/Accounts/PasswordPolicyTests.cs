using System.Net;
using System.Net.Http.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Accounts;

public sealed class PasswordPolicyTests : SignedInAppTests
{
    [Theory]
    [InlineData("ninechars", "at least 10 characters")]
    [InlineData("qwertyuiop", "too common")]
    [InlineData("Password123", "too common")]
    [InlineData("1234567890", "too common")]
    [InlineData("grace-hopper", "user name")]
    [InlineData("GRACE-HOPPER2024", "user name")]
    [InlineData("zzzzzzzzzzzz", "one character")]
    public async Task Weak_passwords_are_refused_with_a_clear_problem(string password, string reason)
    {
        var created = await Admin.PostAsJsonAsync("api/v1/users", new { username = "grace-hopper", password, role = "Viewer" });

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains(reason, (await Problem.ReadAsync(created)).Detail);
    }

    [Fact]
    public async Task A_password_reset_follows_the_same_rules()
    {
        var created = await Admin.PostAsJsonAsync("api/v1/users", new { username = "ada", password = "analytical-engine", role = "Viewer" });
        var id = (await created.Content.ReadFromJsonAsync<UserDto>())!.Id;

        var reset = await Admin.PostAsJsonAsync($"api/v1/users/{id}/password", new { password = "1q2w3e4r5t" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reset.StatusCode);
        Assert.Contains("too common", (await Problem.ReadAsync(reset)).Detail);
    }

    private sealed record UserDto(long Id);
}
