using System.Text.RegularExpressions;

namespace NovaConsole.Tests.Mqtt.Broker;

public sealed partial class BrokerDependencyTests
{
    // style.md: Mqtt/Broker knows Protocol, System.IO.Pipelines, Kestrel's connection abstractions, logging and
    // options; never EF Core, Components, Devices or any domain code. Shared.Logging (base library only) keeps values from
    // the wire short and escaped in log lines, the same way everywhere.
    private static readonly string[] Allowed =
    [
        "System", "Microsoft.AspNetCore.Connections", "Microsoft.Extensions.", "NovaConsole.Mqtt.Protocol", "NovaConsole.Mqtt.Broker",
        "NovaConsole.Shared.Logging",
    ];

    [Fact]
    public void Broker_code_uses_only_the_codec_pipelines_connection_abstractions_logging_and_options()
    {
        var offences = DependencyScan.SourceFiles("NovaConsole/Mqtt/Broker")
            .SelectMany(f => File.ReadLines(f).Select(line => (File: Path.GetFileName(f), Line: line.Trim())))
            .Select(x => (x.File, Match: UsingDirective().Match(x.Line)))
            .Where(x => x.Match.Success && !Allowed.Any(a => x.Match.Groups[1].Value == a || x.Match.Groups[1].Value.StartsWith(a.TrimEnd('.') + ".", StringComparison.Ordinal) || (a.EndsWith('.') && x.Match.Groups[1].Value.StartsWith(a, StringComparison.Ordinal))))
            .Select(x => $"{x.File}: {x.Match.Value}")
            .ToList();
        Assert.Empty(offences);
    }

    [Fact]
    public void Broker_files_stay_under_300_lines()
    {
        var tooLong = DependencyScan.SourceFiles("NovaConsole/Mqtt/Broker")
            .Where(f => File.ReadLines(f).Count() > 300)
            .Select(Path.GetFileName);
        Assert.Empty(tooLong);
    }

    [GeneratedRegex(@"^using\s+(?:static\s+)?([A-Za-z][\w.]*)\s*;")]
    private static partial Regex UsingDirective();
}
