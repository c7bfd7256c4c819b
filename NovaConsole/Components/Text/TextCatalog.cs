using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;

namespace NovaConsole.Components.Text;

/// <summary>
/// Every user-visible string of the console, in English ("en") and Simplified Chinese ("zh-CN").
/// Our own catalog, not .resx satellites: the app runs with InvariantGlobalization (a single executable starts on
/// machines without ICU), so CultureInfo-based resource lookup is not available.
/// <para>Conventions (follow them in every page):</para>
/// <list type="bullet">
/// <item>One JSON file per area and language: <c>Components/Text/en/&lt;area&gt;.json</c> and
/// <c>Components/Text/zh-CN/&lt;area&gt;.json</c> (areas: shell, devices, operations, account, ota, automation, ...).
/// A helper edits only its own area's files, so parallel work never touches the same file.</item>
/// <item>A file is a JSON object; nested objects flatten with dots, and the area is the first segment of every key:
/// <c>{"title": "Devices", "list": {"empty": "No devices yet."}}</c> in devices.json gives <c>devices.title</c>
/// and <c>devices.list.empty</c>.</item>
/// <item>Both languages carry exactly the same keys (a test checks it, per area).</item>
/// <item>Format arguments are .NET composite placeholders: <c>"count": "{0} devices"</c>, used as
/// <c>@T["devices.count", n]</c>. Formatting is culture-invariant; dates and times go through
/// <c>&lt;LocalTime /&gt;</c>, not through the catalog.</item>
/// <item>In components: <c>@inject UiText T</c>, then <c>@T["area.key"]</c>. Never a literal in markup: a test scans
/// every .razor file for text outside <c>@</c> expressions.</item>
/// <item>A missing key renders as the key itself and is logged once.</item>
/// </list>
/// </summary>
internal sealed partial class TextCatalog
{
    public const string English = "en";
    public const string Chinese = "zh-CN";
    public const string ResourcePrefix = "NovaConsole.Text/";

    public static IReadOnlyList<string> Languages { get; } = [English, Chinese];

    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byLanguage;
    private readonly ConcurrentDictionary<string, bool> _reported = new(StringComparer.Ordinal);
    private readonly ILogger<TextCatalog> _logger;

    public TextCatalog(ILogger<TextCatalog> logger) : this(LoadEmbedded(), logger)
    {
    }

    internal TextCatalog(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> texts, ILogger<TextCatalog> logger)
    {
        _byLanguage = texts.ToFrozenDictionary(l => l.Key, l => l.Value.ToFrozenDictionary(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
        _logger = logger;
    }

    /// <summary>The text for <paramref name="key"/> in <paramref name="language"/>; the key itself (logged once) when missing.</summary>
    public string Get(string language, string key)
    {
        if (_byLanguage.TryGetValue(language, out var texts) && texts.TryGetValue(key, out var text)) return text;
        if (_reported.TryAdd(language + "|" + key, true)) LogMissing(_logger, key, language);
        return key;
    }

    /// <summary>The language to use: "zh-CN" for a saved or accepted Chinese, else English.</summary>
    public static string Normalize(string? language) =>
        language is not null && language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese : English;

    /// <summary>The first language of an Accept-Language header the catalog has (by q-value), or English.</summary>
    public static string FromAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || !Microsoft.Net.Http.Headers.StringWithQualityHeaderValue.TryParseList([header], out var offers)) return English;
        foreach (var offer in offers.Where(o => (o.Quality ?? 1) > 0).OrderByDescending(o => o.Quality ?? 1))
        {
            var tag = offer.Value.Value ?? "";
            if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase)) return Chinese;
            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase)) return English;
        }
        return English;
    }

    /// <summary>Every area file, by language, then area: its flattened keys and texts (the tests compare them).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> LoadAreas()
    {
        var assembly = typeof(TextCatalog).Assembly;
        var result = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            // "NovaConsole.Text/<language>/<area>.json" (the folder separator is the build machine's).
            var parts = name[ResourcePrefix.Length..].Replace('\\', '/').Split('/');
            if (parts.Length != 2 || !parts[1].EndsWith(".json", StringComparison.Ordinal)) continue;
            var (language, area) = (parts[0], parts[1][..^".json".Length]);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            Flatten(document.RootElement, area, texts);
            if (!result.TryGetValue(language, out var areas)) result[language] = areas = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            ((Dictionary<string, IReadOnlyDictionary<string, string>>)areas)[area] = texts;
        }
        return result;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> LoadEmbedded() =>
        LoadAreas().ToDictionary(
            l => l.Key,
            l => (IReadOnlyDictionary<string, string>)l.Value.Values.SelectMany(a => a).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            StringComparer.OrdinalIgnoreCase);

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> into)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject()) Flatten(property.Value, prefix + "." + property.Name, into);
        }
        else
        {
            into[prefix] = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        }
    }

    [LoggerMessage(EventId = 170, Level = LogLevel.Warning, Message = "Console text {Key} is missing in {Language}: the key is shown instead")]
    private static partial void LogMissing(ILogger logger, string key, string language);
}
