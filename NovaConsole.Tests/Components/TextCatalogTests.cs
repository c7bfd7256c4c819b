using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NovaConsole.Components.Text;

namespace NovaConsole.Tests.Components;

/// <summary>The console's text catalog: both languages complete, per area file; lookups, formats and fallbacks.</summary>
public sealed class TextCatalogTests
{
    [Fact]
    public void Both_languages_have_the_same_area_files_and_every_key_in_each()
    {
        var languages = TextCatalog.LoadAreas();
        var english = languages[TextCatalog.English];
        var chinese = languages[TextCatalog.Chinese];

        Assert.Contains("shell", english.Keys);
        Assert.Equal(english.Keys.Order(), chinese.Keys.Order());
        foreach (var area in english.Keys)
        {
            var onlyEnglish = english[area].Keys.Except(chinese[area].Keys).ToList();
            var onlyChinese = chinese[area].Keys.Except(english[area].Keys).ToList();
            Assert.True(onlyEnglish.Count == 0, $"{area}: missing in zh-CN: {string.Join(", ", onlyEnglish)}");
            Assert.True(onlyChinese.Count == 0, $"{area}: missing in en: {string.Join(", ", onlyChinese)}");
        }
    }

    [Fact]
    public void Every_text_is_non_empty_and_both_languages_use_the_same_placeholders()
    {
        var languages = TextCatalog.LoadAreas();
        foreach (var (area, texts) in languages[TextCatalog.English])
        {
            foreach (var (key, english) in texts)
            {
                var chinese = languages[TextCatalog.Chinese][area][key];
                Assert.False(string.IsNullOrWhiteSpace(english), $"{key} is empty in en");
                Assert.False(string.IsNullOrWhiteSpace(chinese), $"{key} is empty in zh-CN");
                Assert.True(Placeholders(english).SetEquals(Placeholders(chinese)), $"{key}: placeholders differ between en and zh-CN");
            }
        }
    }

    [Fact]
    public void Only_languages_the_catalog_knows_are_loaded()
    {
        Assert.Equal([TextCatalog.English, TextCatalog.Chinese], TextCatalog.LoadAreas().Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Keys_start_with_their_area_and_nested_objects_flatten_with_dots()
    {
        var text = new UiText(new TextCatalog(NullLogger<TextCatalog>.Instance));

        Assert.Equal("Page not found", text["shell.notFound.title"]);
        text.Language = TextCatalog.Chinese;
        Assert.Equal("页面不存在", text["shell.notFound.title"]);
    }

    [Fact]
    public void Format_arguments_fill_the_placeholders()
    {
        var text = new UiText(new TextCatalog(NullLogger<TextCatalog>.Instance));

        Assert.Equal("This needs the Admin role; you are Viewer.", text["shell.notAllowed.role", "Admin", "Viewer"]);
    }

    [Fact]
    public void A_missing_key_shows_the_key_and_is_logged_once()
    {
        var logs = new Infrastructure.CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var text = new UiText(new TextCatalog(factory.CreateLogger<TextCatalog>()));

        Assert.Equal("shell.no.such.key", text["shell.no.such.key"]);
        Assert.Equal("shell.no.such.key", text["shell.no.such.key"]);

        Assert.Single(logs.Lines, line => line.EventId == 170 && line.Message.Contains("shell.no.such.key"));
    }

    [Theory]
    [InlineData(null, "en")]
    [InlineData("", "en")]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN")]
    [InlineData("zh-TW", "zh-CN")]
    [InlineData("en-US,en;q=0.9,zh-CN;q=0.8", "en")]
    [InlineData("fr-FR, zh;q=0.5", "zh-CN")]
    [InlineData("de-DE", "en")]
    [InlineData("zh;q=0, en", "en")]
    [InlineData("garbage;;;", "en")]
    public void The_first_visit_takes_the_browser_language(string? acceptLanguage, string expected)
    {
        Assert.Equal(expected, TextCatalog.FromAcceptLanguage(acceptLanguage));
    }

    private static HashSet<string> Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+[^}]*\}").Select(m => m.Value).ToHashSet();
}
