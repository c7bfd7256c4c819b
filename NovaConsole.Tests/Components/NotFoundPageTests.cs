using System.Net;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Components;

/// <summary>Unknown addresses: a browser gets the console's own page (status 404), an API client ProblemDetails JSON.</summary>
public sealed class NotFoundPageTests : IAsyncLifetime
{
    private AppHost host = null!;

    public async Task InitializeAsync() => host = await AppHost.StartWithAdminAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_browser_asking_for_an_unknown_page_gets_the_console_404_page_in_its_language()
    {
        using var client = await host.CreateSignedInClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "no/such/page");
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml");
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN,zh;q=0.9");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"not-found\"", html);
        Assert.Contains("页面不存在", html);
    }

    [Fact]
    public async Task An_unknown_device_id_gets_the_console_404_page_with_status_404()
    {
        using var client = await host.CreateSignedInClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "devices/no-such-device");
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"not-found\"", html);
        Assert.DoesNotContain("data-testid=\"device-title\"", html);
    }

    [Fact]
    public async Task An_unknown_api_path_keeps_problem_details_json()
    {
        using var client = await host.CreateSignedInClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/no-such-thing");
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/json");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
