namespace NovaConsole.Tests.Architecture;

/// <summary>style.md: files under ~300 lines in the codec and the broker, split by concern before they grow.</summary>
public sealed class FileSizeTests
{
    [Theory]
    [InlineData("NovaConsole/Mqtt/Protocol")]
    [InlineData("NovaConsole/Mqtt/Broker")]
    public void Source_files_stay_under_300_lines(string folder)
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot(), folder), "*.cs", SearchOption.AllDirectories);

        Assert.NotEmpty(files);
        Assert.Empty(files.Where(f => File.ReadLines(f).Count() > 300).Select(Path.GetFileName));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NovaConsole.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("NovaConsole.sln not found above the test output folder.");
    }
}
