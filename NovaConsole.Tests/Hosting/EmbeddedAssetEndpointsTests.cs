using System.Net;
using System.Text.RegularExpressions;
using NovaConsole.Hosting;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Hosting;

/// <summary>The embedded files over HTTP: anonymous (the sign-in page needs them), compressed when the browser accepts it.</summary>
public sealed partial class EmbeddedAssetEndpointsTests : IAsyncLifetime
{
    private AppHost host = null!;

    public async Task InitializeAsync() => host = await AppHost.StartWithAdminAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate, br, zstd", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("*", "br")]
    [InlineData("identity", null)]
    [InlineData("", null)]
    public async Task Blazor_web_js_is_served_anonymously_in_the_coding_the_browser_accepts(string acceptEncoding, string? coding)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "_framework/blazor.web.js");
        if (acceptEncoding.Length > 0) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(coding is null ? [] : [coding], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var asset = EmbeddedAssets.All.Single(a => a.Url == "_framework/blazor.web.js");
        // The client does not decompress: the bytes on the wire are the embedded twin's.
        var expected = coding is null ? asset.ResourceName : asset.Codings[coding];
        Assert.Equal(Length(expected), (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task A_file_the_browser_has_already_is_answered_304()
    {
        using var client = host.CreateClient();
        using var first = await client.GetAsync("assets/app.css");
        using var again = new HttpRequestMessage(HttpMethod.Get, "assets/app.css");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Every_script_style_and_icon_the_sign_in_page_links_is_served()
    {
        using var client = host.CreateClient();
        var html = await client.GetStringAsync("login");

        var links = LocalFileLinks().Matches(html).Select(m => m.Groups["url"].Value).Distinct().ToList();

        Assert.Contains("_framework/blazor.web.js", links);
        Assert.Contains("_content/MudBlazor/MudBlazor.min.css", links);
        foreach (var link in links)
        {
            using var response = await client.GetAsync(link);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link}: {response.StatusCode}");
        }
    }

    private static long Length(string resource)
    {
        using var stream = EmbeddedAssets.Assembly.GetManifestResourceStream(resource)!;
        return stream.Length;
    }

    // src="..." and href="..." that name a file of ours (relative, with an extension), as App.razor writes them.
    [GeneratedRegex("""(?:src|href)="/?(?<url>(?:_framework|_content|assets)/[^"?#]+\.\w+)""")]
    private static partial Regex LocalFileLinks();
}
