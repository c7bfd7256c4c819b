namespace NovaConsole.Tests.Mqtt.Broker;

/// <summary>Finds forbidden <c>using</c> lines in a source folder (style.md: directions of dependence).</summary>
internal static class DependencyScan
{
    public static List<string> Offences(string folder, IReadOnlyList<string> forbiddenPrefixes)
    {
        var files = Directory.GetFiles(Path.Combine(FindRepositoryRoot(), folder), "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        return files
            .SelectMany(f => File.ReadLines(f).Select(line => (File: Path.GetFileName(f), Line: line.Trim())))
            .Where(x => forbiddenPrefixes.Any(x.Line.StartsWith))
            .Select(x => $"{x.File}: {x.Line}")
            .ToList();
    }

    public static string[] SourceFiles(string folder) =>
        Directory.GetFiles(Path.Combine(FindRepositoryRoot(), folder), "*.cs", SearchOption.AllDirectories);

    public static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NovaConsole.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("NovaConsole.sln not found above the test output.");
    }
}
