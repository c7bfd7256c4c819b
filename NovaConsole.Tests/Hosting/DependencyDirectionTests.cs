using System.Text.RegularExpressions;

namespace NovaConsole.Tests.Hosting;

/// <summary>The house's directions of dependence (docs/style.md), checked on the source.</summary>
public sealed partial class DependencyDirectionTests
{
    private static readonly string SourceRoot = FindSourceRoot();

    private static string FindSourceRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "NovaConsole.sln"))) folder = folder.Parent;
        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("NovaConsole.sln not found above the test output"), "NovaConsole");
    }

    private static IEnumerable<(string File, string Using)> Usings(string folder) =>
        Directory.EnumerateFiles(Path.Combine(SourceRoot, folder), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => UsingLine().Matches(File.ReadAllText(file)).Select(m => (file, m.Groups[1].Value)));

    [Fact]
    public void Components_never_use_the_database_context_directly()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(SourceRoot, "Components"), "*.razor", SearchOption.AllDirectories)
            .Where(file => File.ReadAllText(file).Contains("NovaDbContext", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_mqtt_code_knows_nothing_of_the_product()
    {
        string[] forbidden = ["NovaConsole.Data", "NovaConsole.Accounts", "NovaConsole.Devices", "NovaConsole.Components", "Microsoft.EntityFrameworkCore"];

        var offenders = Usings("Mqtt").Where(u => forbidden.Any(f => u.Using.StartsWith(f, StringComparison.Ordinal))).ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_command_domain_never_names_a_transport()
    {
        string[] forbidden = ["NovaConsole.Mqtt", "NovaConsole.Devices.Tcp", "NovaConsole.Devices.Adapters", "Microsoft.AspNetCore.Connections"];

        var offenders = Usings("Commands").Where(u => forbidden.Any(f => u.Using.StartsWith(f, StringComparison.Ordinal))).ToList();

        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingLine();
}
