using System.Text;
using System.Text.RegularExpressions;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Components;

/// <summary>
/// Every user-visible string comes from the text catalog (Components/Text): no .razor file may carry letters in its
/// markup text or in a visible attribute (Title, Label, Placeholder, Text, ...) outside an <c>@</c> expression.
/// </summary>
public sealed partial class HardCodedTextTests
{
    /// <summary>Files not yet moved to the catalog (issue 10). Whoever migrates one takes it off this list.</summary>
    private static readonly string[] NotYetMigrated =
    [
        // The shell's own pages, until they move (helper ui-shell, step 2).
    ];

    [Fact]
    public void No_razor_file_has_hard_coded_user_visible_text()
    {
        var root = Path.Combine(ProcessRunner.RepositoryRoot, "NovaConsole", "Components");
        var files = Directory.GetFiles(root, "*.razor", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !NotYetMigrated.Any(f.StartsWith))
            .ToList();

        Assert.NotEmpty(files);
        var findings = files.SelectMany(f => HardCodedText(File.ReadAllText(Path.Combine(root, f))).Select(t => $"{f}: \"{t}\"")).ToList();
        Assert.True(findings.Count == 0, "Hard-coded text (use @T[\"area.key\"]):\n" + string.Join("\n", findings));
    }

    [Fact]
    public void Files_on_the_not_yet_migrated_list_still_exist()
    {
        var root = Path.Combine(ProcessRunner.RepositoryRoot, "NovaConsole", "Components");
        Assert.All(NotYetMigrated, entry => Assert.True(
            entry.EndsWith('/') ? Directory.Exists(Path.Combine(root, entry)) : File.Exists(Path.Combine(root, entry)), $"{entry} is gone: take it off the list"));
    }

    /// <summary>Pages whose services do not give problems yet (the OTA pages: another helper's, this session).</summary>
    private static readonly string[] ErrorsNotYetMigrated = ["/Pages/Ota/"];

    /// <summary>Literals in component code that a reader never sees (fonts, formats, log words) or that read the same in every language.</summary>
    private static readonly string[] CodeLiteralsAllowed =
    [
        "signed in", "session ended", // ConsoleAccess: log arguments
        "Segoe UI", "Noto Sans", "Helvetica Neue", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", // ConsoleTheme: fonts
        "WebSocket (TLS)", // BrokerFormat: a protocol name
        "MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss 'UTC'", // date formats
    ];

    [Fact]
    public void No_component_code_has_a_hard_coded_sentence()
    {
        var root = Path.Combine(ProcessRunner.RepositoryRoot, "NovaConsole", "Components");
        var findings = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Replace('\\', '/').Contains("/Text/"))
            .SelectMany(f => CodeText(File.ReadAllText(f)).Select(t => $"{Path.GetRelativePath(root, f)}: \"{t}\""))
            .ToList();
        Assert.True(findings.Count == 0, "Hard-coded text in component code (use UiText):\n" + string.Join("\n", findings));
    }

    [Fact]
    public void Components_show_a_service_error_through_the_catalog_not_its_english_text()
    {
        var root = Path.Combine(ProcessRunner.RepositoryRoot, "NovaConsole", "Components");
        var findings = Directory.GetFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Replace('\\', '/').Contains("/Text/") && !ErrorsNotYetMigrated.Any(f.Replace('\\', '/').Contains))
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (f, line, i)))
            .Where(x => RawError().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(root, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(findings.Count == 0, "Shown in English whatever the language (use T.Error(outcome)):\n" + string.Join("\n", findings));
    }

    [Theory]
    [InlineData("error = outcome.Error;")]
    [InlineData("Snackbar.Add(T[\"x\", outcome.Error ?? \"\"], Severity.Error);")]
    public void The_error_scanner_finds_an_outcomes_english_text(string line) => Assert.Matches(RawError(), line);

    [Theory]
    [InlineData("Snackbar.Add(x, Severity.Error);")]
    [InlineData("<MudAlert Color=\"Color.Error\" Icon=\"@Icons.Material.Filled.Error\">")]
    [InlineData("error = T.Error(outcome);")]
    public void The_error_scanner_passes_colours_and_the_catalog(string line) => Assert.DoesNotMatch(RawError(), line);

    [Theory]
    [InlineData("\"boolean\" => \"on / off\",", "on / off")]
    [InlineData("return (null, $\"{Actuator.Key}: enter a number.\");", ": enter a number.")]
    public void The_code_scanner_finds_sentences(string code, string expected) => Assert.Contains(expected, CodeText(code));

    [Theory]
    [InlineData("text[\"problems.command.hint.boolean\"]")]
    [InlineData("// a comment with words")]
    [InlineData("LogRefused(logger, \"signed in\");")]
    public void The_code_scanner_passes_keys_comments_and_allowed_literals(string code) => Assert.Empty(CodeText(code));

    /// <summary>String literals of C# code holding two or more words (interpolation holes taken out), less the allowed ones.</summary>
    internal static List<string> CodeText(string code)
    {
        var found = new List<string>();
        foreach (var line in code.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith('[') || trimmed.Contains("throw new", StringComparison.Ordinal)) continue;
            foreach (Match literal in CodeLiteral().Matches(line))
            {
                var value = literal.Groups["text"].Value;
                if (CodeLiteralsAllowed.Contains(value)) continue;
                if (Sentence().IsMatch(Holes().Replace(value, " "))) found.Add(Holes().Replace(value, "").Trim());
            }
        }
        return found;
    }

    [Theory]
    [InlineData("<h1>Sign in</h1>", "Sign in")]
    [InlineData("<MudButton Text=\"Save\" />", "Save")]
    [InlineData("<input placeholder=\"Search devices\" />", "Search devices")]
    [InlineData("<span title=\"Updated @when\">x</span>", "Updated")]
    [InlineData("@if (x)\n{\n    <p>Nothing yet</p>\n}\nelse\n{\n    <p>@T[\"a.b\"]</p>\n}", "Nothing yet")]
    public void The_scanner_finds_text_outside_expressions(string razor, string expected)
    {
        Assert.Contains(expected, HardCodedText(razor));
    }

    [Theory]
    [InlineData("<h1>@T[\"shell.title\"]</h1>")]
    [InlineData("<MudButton Text=\"@T[\"a.b\"]\" OnClick=\"Save\" Icon=\"@Icons.Material.Filled.Add\" />")]
    [InlineData("@* A comment with words *@\n<p>@(x ? T[\"a\"] : T[\"b\"])</p>")]
    [InlineData("@if (item.Count > 0)\n{\n    <span>@item.Name · @item.Count</span>\n}\nelse if (other)\n{\n}\n@foreach (var d in devices)\n{\n    <td>@d.Id</td>\n}")]
    [InlineData("<p>@T[\"a\"]&nbsp;—&nbsp;@value</p>\n@code {\n    private string s = \"Some text\";\n}")]
    [InlineData("@switch (state)\n{\n    case \"on\":\n        <b>@T[\"x\"]</b>\n        break;\n    default:\n        break;\n}")]
    public void The_scanner_passes_catalog_text_code_and_comments(string razor)
    {
        Assert.Empty(HardCodedText(razor));
    }

    /// <summary>The literal letters a reader would see: text nodes and visible attributes, with Razor code taken out.</summary>
    internal static List<string> HardCodedText(string razor)
    {
        var source = Comments().Replace(razor, " ");
        source = RemoveBlocks(source);
        source = StyleOrScript().Replace(source, " ");
        source = Directives().Replace(source, " ");
        // Expressions first: a string inside one may hold '<' or '>' ("Bearer <token>").
        source = StripExpressions(source);

        var found = new List<string>();
        foreach (Match tag in Tags().Matches(source))
        {
            foreach (Match attribute in VisibleAttributes().Matches(tag.Value))
            {
                AddIfLetters(found, StripExpressions(attribute.Groups["value"].Value));
            }
        }
        foreach (var node in Tags().Split(source))
        {
            var text = StripExpressions(node);
            text = ControlFlow().Replace(text, " ");
            AddIfLetters(found, text);
        }
        return found;
    }

    private static void AddIfLetters(List<string> found, string text)
    {
        text = Entities().Replace(text, " ").Trim();
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Any(char.IsLetter))) found.Add(line);
    }

    /// <summary>Takes out @code/@functions blocks and @{ ... } blocks (brace-balanced, skipping string literals).</summary>
    private static string RemoveBlocks(string source)
    {
        var output = new StringBuilder();
        var i = 0;
        while (i < source.Length)
        {
            var block = BlockStart().Match(source, i);
            if (!block.Success)
            {
                output.Append(source, i, source.Length - i);
                break;
            }
            output.Append(source, i, block.Index - i).Append(' ');
            i = SkipBalanced(source, block.Index + block.Length - 1, '{', '}');
        }
        return output.ToString();
    }

    /// <summary>Takes out @(...), @identifier.chains(...)[...] and @if/@foreach/... (...) headers.</summary>
    private static string StripExpressions(string text)
    {
        var output = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '@')
            {
                output.Append(text[i++]);
                continue;
            }
            if (i + 1 < text.Length && text[i + 1] == '@') { output.Append('@'); i += 2; continue; }
            i++;
            if (i < text.Length && text[i] == '(') { i = SkipBalanced(text, i, '(', ')'); output.Append(' '); continue; }
            var keyword = Keyword().Match(text, i);
            if (keyword.Success && keyword.Index == i)
            {
                // @if (...), @foreach (...), @switch (...): the header is code.
                i += keyword.Length;
                while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
                if (i < text.Length && text[i] == '(') i = SkipBalanced(text, i, '(', ')');
                output.Append(' ');
                continue;
            }
            // An identifier chain: Name, .Member, ?.Member, (args), [index], !.
            while (i < text.Length)
            {
                if (char.IsLetterOrDigit(text[i]) || text[i] == '_') { i++; continue; }
                if (text[i] == '(') { i = SkipBalanced(text, i, '(', ')'); continue; }
                if (text[i] == '[') { i = SkipBalanced(text, i, '[', ']'); continue; }
                if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && i + 1 < text.Length && (char.IsLetter(text[i + 1]) || text[i + 1] == '_' || text[i + 1] == '.'))
                {
                    i++;
                    continue;
                }
                break;
            }
            output.Append(' ');
        }
        return output.ToString();
    }

    /// <summary>The index just past the bracket that closes the one at <paramref name="open"/>, skipping C# strings and chars.</summary>
    private static int SkipBalanced(string text, int open, char opening, char closing)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' || c == '\'')
            {
                for (i++; i < text.Length && text[i] != c; i++) if (text[i] == '\\') i++;
                continue;
            }
            if (c == opening) depth++;
            else if (c == closing && --depth == 0) return i + 1;
        }
        return text.Length;
    }

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"@(?:code|functions)\s*\{|@\{")]
    private static partial Regex BlockStart();

    [GeneratedRegex(@"<(style|script)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StyleOrScript();

    [GeneratedRegex(@"^\s*@(page|using|inject|attribute|layout|inherits|implements|rendermode|typeparam|namespace|preservewhitespace)\b.*$", RegexOptions.Multiline)]
    private static partial Regex Directives();

    // A start, end or self-closing tag; quoted attribute values may hold '>' (lambdas).
    [GeneratedRegex(@"<(?:!DOCTYPE[^>]*|/?[A-Za-z][\w.:-]*(?:[^>""']|""[^""]*""|'[^']*')*/?)>", RegexOptions.IgnoreCase)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s(?:Title|Label|Placeholder|Text|HelperText|EmptyText|ToolTip|Tooltip|AriaLabel|ConfirmText|title|placeholder|aria-label|alt)\s*=\s*""(?<value>[^""]*)""")]
    private static partial Regex VisibleAttributes();

    // C# the markup leaves behind around its blocks: else / else if (...), case ...:, default:, break;, braces.
    [GeneratedRegex(@"\belse\s+if\s*\([^\n]*\)|\belse\b|\bcase\b[^\n:]*:|\bdefault\s*:|\bbreak\s*;|\bcontinue\s*;")]
    private static partial Regex ControlFlow();

    [GeneratedRegex(@"\G(?:if|foreach|for|while|switch|using|lock|do|try|catch)\b")]
    private static partial Regex Keyword();

    [GeneratedRegex(@"&#?\w+;")]
    private static partial Regex Entities();

    // outcome.Error, created.Error ...: an Outcome's English text (Severity.Error, Color.Error, Icons...Error and T.Error( are not).
    [GeneratedRegex(@"(?<![\w.])(?!Severity\b|Color\b|T\b|Filled\b|Outlined\b|Rounded\b|Sharp\b|TwoTone\b)\w+\.Error\b(?!\s*\()")]
    private static partial Regex RawError();

    [GeneratedRegex(@"(?<![@\w])\$?""(?<text>(?:[^""\\\n]|\\.)*)""")]
    private static partial Regex CodeLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Holes();

    // Two words, or a word and a sentence's end: "on / off", "any JSON value", ": enter a number.".
    [GeneratedRegex(@"[A-Za-z]{2,}\s.*[A-Za-z]|[A-Za-z]{2,}\.$")]
    private static partial Regex Sentence();
}
