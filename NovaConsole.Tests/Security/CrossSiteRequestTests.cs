using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Security;

/// <summary>
/// SameSite=Strict does not tell two ports of one host apart, so a page on another port of the same machine could
/// post with the console's cookie. Cookie-authenticated changes must come from the console's own origin.
/// </summary>
public sealed class CrossSiteRequestTests : SignedInAppTests
{
    private async Task<HttpClient> SignedInWithoutOriginAsync()
    {
        var client = Host.CreateCrossSiteClient();
        var login = await client.PostAsJsonAsync("api/v1/auth/login", new { username = AppHost.AdminUser, password = AppHost.AdminPassword });
        login.EnsureSuccessStatusCode();
        return client;
    }

    private static HttpRequestMessage CreateToken(string? origin = null, string? referer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/tokens") { Content = JsonContent.Create(new { name = "csrf probe" }) };
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (referer is not null) request.Headers.Referrer = new Uri(referer);
        return request;
    }

    private async Task<int> TokenCountAsync() => (await Admin.GetFromJsonAsync<JsonElement>("api/v1/tokens")).GetArrayLength();

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    public async Task A_cookie_post_from_another_site_is_refused_with_403(string origin)
    {
        using var client = await SignedInWithoutOriginAsync();

        var response = await client.SendAsync(CreateToken(origin));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("origin", (await Problem.ReadAsync(response)).Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await TokenCountAsync());
    }

    [Fact]
    public async Task A_cookie_post_from_another_port_of_the_same_host_is_refused()
    {
        using var client = await SignedInWithoutOriginAsync();
        var otherPort = $"http://127.0.0.1:{(Host.BaseAddress.Port == 65535 ? 1 : Host.BaseAddress.Port + 1)}";

        var response = await client.SendAsync(CreateToken(otherPort));
        var delete = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "api/v1/tokens/1") { Headers = { { "Origin", otherPort } } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
    }

    [Fact]
    public async Task A_cookie_post_with_neither_origin_nor_referer_is_refused()
    {
        using var client = await SignedInWithoutOriginAsync();

        var response = await client.SendAsync(CreateToken());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(403, (await Problem.ReadAsync(response)).Status);
    }

    [Fact]
    public async Task A_cookie_post_from_the_consoles_own_origin_or_page_is_accepted()
    {
        using var client = await SignedInWithoutOriginAsync();
        var own = Host.BaseAddress.GetLeftPart(UriPartial.Authority);

        var byOrigin = await client.SendAsync(CreateToken(origin: own));
        var byReferer = await client.SendAsync(CreateToken(referer: own + "/account/tokens"));
        var read = await client.GetAsync("api/v1/tokens");

        Assert.Equal(HttpStatusCode.Created, byOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byReferer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_request_needs_no_origin()
    {
        var created = await Admin.PostAsJsonAsync("api/v1/tokens", new { name = "script" });
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var script = Host.CreateCrossSiteClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await script.SendAsync(CreateToken(origin: "http://evil.example"));
        var plain = await script.SendAsync(CreateToken());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
    }
}
