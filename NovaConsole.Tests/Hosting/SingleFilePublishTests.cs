using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using NovaConsole.Hosting;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Hosting;

/// <summary>
/// README's promise for `dotnet publish NovaConsole -c Release -p:PublishSingleFile=true -o publish`: one executable
/// and appsettings.json, which start with no .NET and no environment and serve the whole console from inside.
/// </summary>
[Collection(SingleFilePublishCollection.Name)]
[Trait("Needs", "publish")]
public sealed class SingleFilePublishTests(SingleFilePublish publish, BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    private readonly string emptyFolder = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "novaconsole-tests", "run-" + Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public void The_publish_folder_holds_one_executable_and_appsettings_json()
    {
        var entries = Directory.GetFileSystemEntries(publish.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(["NovaConsole", "appsettings.json"], entries);
    }

    [Fact]
    public async Task The_executable_run_from_an_empty_folder_without_environment_serves_compressed_framework_files()
    {
        await using var app = await ChildAppProcess.StartWithoutEnvironmentAsync(publish.Executable, emptyFolder);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };

        var health = JsonDocument.Parse(await client.GetStringAsync("healthz")).RootElement;
        Assert.Equal("ok", health.GetProperty("database").GetString());
        Assert.True(File.Exists(Path.Combine(emptyFolder, "data", "novaconsole.db")), "the data folder is created where the executable runs");

        var original = Embedded("_framework/blazor.web.js");
        Assert.Equal(original, await GetAsync(client, "_framework/blazor.web.js", "br", s => new BrotliStream(s, CompressionMode.Decompress)));
        Assert.Equal(original, await GetAsync(client, "_framework/blazor.web.js", "gzip", s => new GZipStream(s, CompressionMode.Decompress)));
    }

    [Fact]
    [Trait("Needs", "browser")]
    public async Task The_executable_serves_the_console_to_chromium_with_every_file_it_asks_for()
    {
        await using var app = await ChildAppProcess.StartWithoutEnvironmentAsync(publish.Executable, emptyFolder);
        var page = await browser.NewPageAsync(app.BaseAddress);
        var failures = new List<string>();
        page.Response += (_, response) => { if (response.Status >= 400) lock (failures) failures.Add($"{response.Status} {response.Url}"); };
        page.RequestFailed += (_, request) => { lock (failures) failures.Add($"failed {request.Url}"); };

        await BrowserFixture.RunAsync(page, nameof(The_executable_serves_the_console_to_chromium_with_every_file_it_asks_for), async () =>
        {
            await page.GotoAsync("");

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create the first administrator" })).ToBeVisibleAsync();
            await page.WaitForFunctionAsync("() => window.Blazor !== undefined && window.mudElementRef !== undefined");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            lock (failures) Assert.Empty(failures);
        });
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(emptyFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }

    private static async Task<byte[]> GetAsync(HttpClient client, string path, string coding, Func<Stream, Stream> decompressor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([coding], response.Content.Headers.ContentEncoding);
        await using var decompressed = decompressor(await response.Content.ReadAsStreamAsync());
        using var copy = new MemoryStream();
        await decompressed.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static byte[] Embedded(string url)
    {
        using var stream = EmbeddedAssets.Assembly.GetManifestResourceStream(EmbeddedAssets.All.Single(a => a.Url == url).ResourceName)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
