namespace NovaConsole.Tests.Mqtt.Broker;

public sealed class RoutingDependencyTests
{
    [Theory]
    [InlineData("NovaConsole/Mqtt/Broker/Routing")]
    [InlineData("NovaConsole/Mqtt/Broker/Access")]
    public void Routing_and_access_use_only_the_base_library_and_extensions(string folder)
    {
        string[] forbidden =
        [
            "using System.Net", "using System.IO.Pipelines", "using Microsoft.AspNetCore", "using Microsoft.EntityFrameworkCore",
            "using NovaConsole.Devices", "using NovaConsole.Data", "using NovaConsole.Components", "using NovaConsole.Mqtt.Protocol",
            "using NovaConsole.Mqtt.Broker;",
        ];

        var files = Directory.GetFiles(Path.Combine(FindRepositoryRoot(), folder), "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var offences = files
            .SelectMany(f => File.ReadLines(f).Select(line => (File: Path.GetFileName(f), Line: line.Trim())))
            .Where(x => forbidden.Any(x.Line.StartsWith))
            .Select(x => $"{x.File}: {x.Line}")
            .ToList();
        Assert.Empty(offences);
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NovaConsole.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("NovaConsole.sln not found above the test output.");
    }
}
