using System.Net;
using System.Net.Http.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Accounts;

/// <summary>A sign-in is a session the server knows: ending it makes every copy of its cookie worthless at once.</summary>
public sealed class SessionTests : SignedInAppTests
{
    private async Task<(HttpClient Client, string Cookie)> SignInAsync(string username, string password)
    {
        using var anonymous = Host.CreateClient();
        var response = await anonymous.PostAsJsonAsync("api/v1/auth/login", new { username, password });
        response.EnsureSuccessStatusCode();
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("novaconsole.auth=")).Split(';')[0];
        return (WithCookie(cookie), cookie);
    }

    private HttpClient WithCookie(string cookie)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = Host.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        client.DefaultRequestHeaders.Add("Origin", Host.BaseAddress.GetLeftPart(UriPartial.Authority));
        return client;
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient client) => (await client.GetAsync("api/v1/auth/me")).StatusCode;

    [Fact]
    public async Task After_logout_a_copy_of_the_old_cookie_is_refused_at_once()
    {
        var (browser, cookie) = await SignInAsync(AppHost.AdminUser, AppHost.AdminPassword);
        using var stolen = WithCookie(cookie);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(stolen));

        var logout = await browser.PostAsync("api/v1/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(stolen));
        browser.Dispose();
    }

    [Fact]
    public async Task Resetting_your_own_password_ends_your_other_sessions_but_not_this_one()
    {
        var (laptop, _) = await SignInAsync(AppHost.AdminUser, AppHost.AdminPassword);
        var (phone, _) = await SignInAsync(AppHost.AdminUser, AppHost.AdminPassword);
        var me = (await laptop.GetFromJsonAsync<MeDto>("api/v1/auth/me"))!;

        var reset = await laptop.PostAsJsonAsync($"api/v1/users/{me.Id}/password", new { password = "a-brand-new-passphrase" });

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(laptop));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(phone));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(Admin));
        laptop.Dispose();
        phone.Dispose();
    }

    [Fact]
    public async Task Resetting_another_users_password_ends_all_their_sessions()
    {
        var created = await Admin.PostAsJsonAsync("api/v1/users", new { username = "olive", password = "olive-first-pass", role = "Operator" });
        var id = (await created.Content.ReadFromJsonAsync<MeDto>())!.Id;
        var (olive, _) = await SignInAsync("olive", "olive-first-pass");

        await Admin.PostAsJsonAsync($"api/v1/users/{id}/password", new { password = "olive-second-pass" });

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(olive));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(Admin));
        olive.Dispose();
    }

    private sealed record MeDto(long Id, string Username);
}
