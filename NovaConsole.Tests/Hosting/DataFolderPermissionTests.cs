using Microsoft.Extensions.Logging;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Hosting;

/// <summary>The data folder holds the TLS private key, the database, the setup token and the keys: only the service's user may read them.</summary>
public sealed class DataFolderPermissionTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = Private | UnixFileMode.UserExecute;

    [Fact]
    public async Task A_new_data_folder_is_0700_and_every_file_in_it_0600()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        using (var admin = await host.CreateSignedInClientAsync())
        {
            // A sign-in writes a data-protection key; a token adds database pages.
            (await admin.PostAsync("api/v1/tokens", System.Net.Http.Json.JsonContent.Create(new { name = "x" }))).EnsureSuccessStatusCode();
        }

        var folders = Directory.GetDirectories(host.DataPath, "*", SearchOption.AllDirectories).Append(host.DataPath).ToList();
        var files = Directory.GetFiles(host.DataPath, "*", SearchOption.AllDirectories);

        Assert.Contains(files, f => f.EndsWith("server-certificate.pfx"));
        Assert.Contains(files, f => f.EndsWith("novaconsole.db"));
        Assert.Contains(files, f => f.EndsWith("install-secret.key"));
        Assert.Contains(files, f => Path.GetFileName(Path.GetDirectoryName(f)) == "keys");
        Assert.All(folders, d => Assert.Equal((d, PrivateFolder), (d, File.GetUnixFileMode(d))));
        Assert.All(files, f => Assert.Equal((f, Private), (f, File.GetUnixFileMode(f))));
    }

    [Fact]
    public async Task The_setup_token_file_is_0600()
    {
        await using var host = await AppHost.StartAsync();

        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(host.DataPath, "setup-token.txt")));
    }

    [Fact]
    public async Task A_data_folder_others_can_read_gets_one_warning_at_start()
    {
        var path = Path.Combine(Path.GetTempPath(), "novaconsole-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path, PrivateFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        await using var host = await AppHost.StartAsync($"--Storage:DataPath={path}");

        var warnings = host.Logs.Lines.Where(l => l.Level == LogLevel.Warning && l.Message.Contains(path) && l.Message.Contains("0700")).ToList();
        Assert.Single(warnings);
    }
}
