using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Accounts;

public sealed partial class LoginLockoutTests : IAsyncLifetime
{
    private const int Threshold = 5;
    private AppHost host = null!;

    public async Task InitializeAsync() => host = await AppHost.StartWithAdminAsync($"--Accounts:LockoutThreshold={Threshold}");

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<HttpResponseMessage> LoginAsync(string username, string password)
    {
        using var client = host.CreateClient();
        return await client.PostAsJsonAsync("api/v1/auth/login", new { username, password });
    }

    [Fact]
    public async Task Parallel_wrong_passwords_lock_the_account_after_exactly_the_threshold()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => LoginAsync(AppHost.AdminUser, "wrong-password-guess")));

        // Threshold - 1 guesses are answered "wrong password"; the one that reaches the threshold locks, and every
        // other guess in flight is refused without being tried.
        Assert.Equal(Threshold - 1, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(30 - (Threshold - 1), answers.Count(a => a.StatusCode == HttpStatusCode.Locked));
        Assert.Equal(HttpStatusCode.Locked, (await LoginAsync(AppHost.AdminUser, AppHost.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_user_name_gets_the_same_answers_as_a_real_one_including_the_lock()
    {
        var real = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < Threshold + 2; i++)
        {
            real.Add(await DescribeAsync(await LoginAsync(AppHost.AdminUser, "wrong-password-guess")));
            unknown.Add(await DescribeAsync(await LoginAsync("nobody-by-this-name", "wrong-password-guess")));
        }

        Assert.Equal(real, unknown);
        Assert.Contains(real, a => a.StartsWith("423"));
    }

    /// <summary>Status, title and detail, with the locked-until time blanked (two locks may straddle a minute).</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var problem = await Problem.ReadAsync(response);
        return $"{problem.Status} {problem.Title} {Digits().Replace(problem.Detail ?? "", "#")}";
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
