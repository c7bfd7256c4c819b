using System.Text.RegularExpressions;

namespace NovaConsole.Tests.Mqtt.Protocol;

public sealed class MqttProtocolDependencyTests
{
    [Fact]
    public void Protocol_code_uses_nothing_but_the_base_class_library()
    {
        var folder = Path.Combine(FindRepositoryRoot(), "NovaConsole", "Mqtt", "Protocol");
        var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories);

        var offending = files
            .SelectMany(file => File.ReadLines(file).Select(line => (file, line)))
            .Where(x => Regex.IsMatch(x.line, @"^\s*using\s+(static\s+)?[A-Za-z]") && !Regex.IsMatch(x.line, @"^\s*using\s+(static\s+)?System(\.|;)"))
            .Where(x => !x.line.TrimStart().StartsWith("using var", StringComparison.Ordinal))
            .Select(x => $"{Path.GetFileName(x.file)}: {x.line.Trim()}")
            .ToList();

        Assert.NotEmpty(files);
        Assert.Empty(offending);
    }

    [Fact]
    public void Protocol_files_stay_under_300_lines()
    {
        var folder = Path.Combine(FindRepositoryRoot(), "NovaConsole", "Mqtt", "Protocol");

        var tooLong = Directory.GetFiles(folder, "*.cs").Where(f => File.ReadLines(f).Count() > 300).Select(Path.GetFileName);

        Assert.Empty(tooLong);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NovaConsole.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NovaConsole.sln not found above the test output folder.");
    }
}
