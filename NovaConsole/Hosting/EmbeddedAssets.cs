using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.StaticFiles;

namespace NovaConsole.Hosting;

/// <summary>One file the console serves from inside its assembly, with its compressed twins by content coding ("br", "gzip").</summary>
internal sealed record EmbeddedAsset(string Url, string ResourceName, string ContentType, FrozenDictionary<string, string> Codings);

/// <summary>
/// The files embedded at build time (NovaConsole/EmbeddedWebAssets.targets) under "NovaConsole.WebAssets/&lt;url&gt;",
/// each text-like one with "&lt;url&gt;.gz" and "&lt;url&gt;.br" twins: the console's own assets, the framework's
/// blazor.web.js and MudBlazor's files. They travel inside the single published executable.
/// </summary>
internal static class EmbeddedAssets
{
    public const string ResourcePrefix = "NovaConsole.WebAssets/";

    private static readonly (string Suffix, string Coding)[] Twins = [(".br", "br"), (".gz", "gzip")];

    public static Assembly Assembly { get; } = typeof(EmbeddedAssets).Assembly;

    public static IReadOnlyList<EmbeddedAsset> All { get; } = Load();

    private static EmbeddedAsset[] Load()
    {
        var names = Assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var contentTypes = new FileExtensionContentTypeProvider();
        return names
            .Where(name => !Twins.Any(t => name.EndsWith(t.Suffix, StringComparison.Ordinal) && names.Contains(name[..^t.Suffix.Length])))
            .Select(name =>
            {
                var url = name[ResourcePrefix.Length..];
                var codings = Twins.Where(t => names.Contains(name + t.Suffix)).ToFrozenDictionary(t => t.Coding, t => name + t.Suffix);
                var type = contentTypes.TryGetContentType(url, out var t) ? t : "application/octet-stream";
                return new EmbeddedAsset(url, name, type, codings);
            })
            .OrderBy(a => a.Url, StringComparer.Ordinal)
            .ToArray();
    }
}
