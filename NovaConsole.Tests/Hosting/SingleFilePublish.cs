using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Hosting;

/// <summary>README's single-file publish, run once into a temporary folder for the tests of its collection.</summary>
public sealed class SingleFilePublish : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "novaconsole-tests", "publish-" + Guid.NewGuid().ToString("N"));

    public string Executable => Path.Combine(Folder, "NovaConsole");

    public async Task InitializeAsync()
    {
        // No build servers left running after the test; the Release output is the publish's own, apart from the tests' Debug build.
        var result = await ProcessRunner.RunAsync("dotnet",
            ["publish", "NovaConsole", "-c", "Release", "-p:PublishSingleFile=true", "-o", Folder, "--disable-build-servers", "-nologo"],
            TimeSpan.FromMinutes(10), ProcessRunner.RepositoryRoot);
        if (result.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed ({result.ExitCode}):{Environment.NewLine}{result.Output}{result.Error}");
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// The publish is a full Release build: its collection runs on its own, after the parallel tests, so its CPU burst
/// does not stretch their waits on a small machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SingleFilePublishCollection : ICollectionFixture<SingleFilePublish>
{
    public const string Name = "Single-file publish";
}
