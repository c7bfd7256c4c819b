using System.IO.Compression;
using NovaConsole.Hosting;

namespace NovaConsole.Tests.Hosting;

/// <summary>What the assembly carries, so the single-file executable needs nothing beside it.</summary>
public sealed class EmbeddedAssetsTests
{
    [Fact]
    public void The_assembly_carries_every_file_the_console_pages_load()
    {
        var urls = EmbeddedAssets.All.Select(a => a.Url).ToHashSet();

        Assert.Superset(new HashSet<string>
        {
            "_framework/blazor.web.js",
            "_content/MudBlazor/MudBlazor.min.css",
            "_content/MudBlazor/MudBlazor.min.js",
            "assets/app.css",
            "assets/shell.css",
            "assets/app.js",
            "assets/live.css",
            "assets/logo.svg",
        }, urls);
    }

    [Fact]
    public void Scripts_and_styles_carry_brotli_and_gzip_twins_that_decompress_to_the_file_itself()
    {
        var text = EmbeddedAssets.All.Where(a => a.Url.EndsWith(".js") || a.Url.EndsWith(".css") || a.Url.EndsWith(".svg")).ToList();

        Assert.NotEmpty(text);
        foreach (var asset in text)
        {
            var original = Read(asset.ResourceName);
            Assert.Equal(original, Decompress(asset.Codings["br"], s => new BrotliStream(s, CompressionMode.Decompress)));
            Assert.Equal(original, Decompress(asset.Codings["gzip"], s => new GZipStream(s, CompressionMode.Decompress)));
            Assert.True(Read(asset.Codings["br"]).Length < original.Length, $"{asset.Url}: the Brotli twin is smaller");
        }
    }

    [Fact]
    public void Fonts_are_served_as_they_are_because_woff2_is_compressed_already()
    {
        Assert.All(EmbeddedAssets.All.Where(a => a.Url.EndsWith(".woff2")), font => Assert.Empty(font.Codings));
    }

    private static byte[] Read(string resource)
    {
        using var stream = EmbeddedAssets.Assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Decompress(string resource, Func<Stream, Stream> decompressor)
    {
        using var decompressed = decompressor(EmbeddedAssets.Assembly.GetManifestResourceStream(resource)!);
        using var copy = new MemoryStream();
        decompressed.CopyTo(copy);
        return copy.ToArray();
    }
}
