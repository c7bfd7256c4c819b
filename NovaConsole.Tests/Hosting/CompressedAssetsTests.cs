using System.Net;
using NovaConsole.Hosting;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Hosting;

/// <summary>
/// Issue 10: a first visit must not download megabytes of stylesheet. Every text-like embedded file (MudBlazor's
/// stylesheet first) goes over the wire compressed when the browser accepts it, and smaller than the file itself.
/// </summary>
public sealed class CompressedAssetsTests : IAsyncLifetime
{
    private AppHost host = null!;

    public async Task InitializeAsync() => host = await AppHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task MudBlazor_stylesheet_is_served_as_brotli_and_far_smaller_than_the_file()
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "_content/MudBlazor/MudBlazor.min.css");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br, zstd");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
        var onTheWire = (await response.Content.ReadAsByteArrayAsync()).Length;
        var raw = RawLength("_content/MudBlazor/MudBlazor.min.css");
        Assert.True(onTheWire * 4 < raw, $"{onTheWire} bytes sent for a {raw}-byte stylesheet");
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Every_script_and_stylesheet_is_served_compressed_when_accepted(string coding)
    {
        using var client = host.CreateClient();
        var text = EmbeddedAssets.All.Where(a => a.Url.EndsWith(".css") || a.Url.EndsWith(".js")).ToList();
        Assert.Contains(text, a => a.Url == "_content/MudBlazor/MudBlazor.min.js");

        foreach (var asset in text)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, asset.Url);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
            using var response = await client.SendAsync(request);

            Assert.Equal([coding], response.Content.Headers.ContentEncoding);
            var onTheWire = (await response.Content.ReadAsByteArrayAsync()).Length;
            Assert.True(onTheWire < RawLength(asset.Url), $"{asset.Url}: {onTheWire} bytes as {coding}, not smaller than the file");
        }
    }

    private static long RawLength(string url)
    {
        using var stream = EmbeddedAssets.Assembly.GetManifestResourceStream(EmbeddedAssets.ResourcePrefix + url)!;
        return stream.Length;
    }
}
