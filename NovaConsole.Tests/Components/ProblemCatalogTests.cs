using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using NovaConsole.Commands;
using NovaConsole.Components.Pages.Devices;
using NovaConsole.Components.Text;
using NovaConsole.Devices;
using NovaConsole.Shared;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Components;

/// <summary>
/// A service's refusal reaches the console in the reader's language: every <c>Problem.Of(code, english, ...)</c> in the
/// source has its text under <c>problems.{code}</c> in both catalogs, and the English there is the API's English.
/// </summary>
public sealed partial class ProblemCatalogTests
{
    [Fact]
    public void Every_problem_in_the_source_has_its_english_text_and_a_chinese_one_in_the_catalog()
    {
        var root = Path.Combine(ProcessRunner.RepositoryRoot, "NovaConsole");
        var areas = TextCatalog.LoadAreas();
        var english = areas[TextCatalog.English]["problems"];
        var chinese = areas[TextCatalog.Chinese]["problems"];
        var found = 0;
        var findings = new List<string>();
        foreach (var file in Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            var source = File.ReadAllText(file);
            foreach (Match call in AnyProblemOf().Matches(source))
            {
                var literal = LiteralProblemOf().Match(source, call.Index);
                if (!literal.Success || literal.Index != call.Index)
                {
                    findings.Add($"{Path.GetFileName(file)}: Problem.Of without a literal code and English text");
                    continue;
                }
                found++;
                var key = "problems." + literal.Groups["code"].Value;
                var text = literal.Groups["text"].Value.Replace("\\\"", "\"").Replace("\\\\", "\\");
                if (!english.TryGetValue(key, out var catalogEnglish)) findings.Add($"{key}: missing in en/problems.json");
                else if (catalogEnglish != text) findings.Add($"{key}: en/problems.json says \"{catalogEnglish}\", the code \"{text}\"");
                if (!chinese.ContainsKey(key)) findings.Add($"{key}: missing in zh-CN/problems.json");
            }
        }
        Assert.True(found > 80, $"only {found} problems found: has the pattern changed?");
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void A_refused_device_edit_reads_in_chinese_for_a_chinese_reader_and_in_english_in_the_api()
    {
        var outcome = DeviceRules.Validate(new DeviceDraft("", null, null), forCreate: true);
        var text = new UiText(new TextCatalog(NullLogger<TextCatalog>.Instance)) { Language = TextCatalog.Chinese };

        Assert.Equal("Name is required.", outcome.Error);
        Assert.Equal("名称为必填项。", text.Error(outcome));
    }

    [Fact]
    public void A_control_value_out_of_range_and_the_hint_read_in_the_readers_language()
    {
        var row = new ControlRow(new ActuatorDefinition("level", "Level", "number", 0, 10, null)) { Include = true, Number = 12 };
        var text = new UiText(new TextCatalog(NullLogger<TextCatalog>.Instance)) { Language = TextCatalog.Chinese };

        Assert.Equal("介于 0 和 10 之间", row.Hint(text));
        Assert.Equal("level 必须介于 0 和 10 之间；12 超出范围。", row.Read(text).Problem);
        Assert.Equal("开 / 关", new ControlRow(new ActuatorDefinition("on", "On", "boolean", null, null, null)).Hint(text));

        text.Language = TextCatalog.English;
        Assert.Equal("level must be between 0 and 10; 12 is out of range.", row.Read(text).Problem);
        Assert.Equal(CommandRules.ValueProblem(row.Actuator, JsonDocument.Parse("12").RootElement)!.English, row.Read(text).Problem);
    }

    [Fact]
    public void An_outcome_without_a_problem_shows_its_english_error()
    {
        var text = new UiText(new TextCatalog(NullLogger<TextCatalog>.Instance)) { Language = TextCatalog.Chinese };

        Assert.Equal("Something else.", text.Error(Outcome.Invalid("Something else.")));
    }

    [GeneratedRegex(@"Problem\.Of\(")]
    private static partial Regex AnyProblemOf();

    [GeneratedRegex(@"Problem\.Of\(""(?<code>[\w.]+)"",\s*""(?<text>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LiteralProblemOf();
}
