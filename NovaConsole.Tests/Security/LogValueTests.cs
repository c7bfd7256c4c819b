using NovaConsole.Shared.Logging;

namespace NovaConsole.Tests.Security;

public sealed class LogValueTests
{
    [Fact]
    public void A_short_plain_value_is_kept_as_it_is()
    {
        const string value = "DEV-000123";

        Assert.Same(value, LogValue.Truncate(value));
    }

    [Fact]
    public void A_long_value_is_cut_at_128_characters_and_says_how_long_it_was()
    {
        var logged = LogValue.Truncate(new string('x', 5000));

        Assert.StartsWith(new string('x', 128) + "…", logged);
        Assert.Contains("5000 chars", logged);
    }

    [Fact]
    public void Control_characters_are_escaped_and_a_surrogate_pair_is_never_split()
    {
        Assert.Equal(@"a\r\nb\tc\u0000", LogValue.Truncate("a\r\nb\tc\0"));
        var emojiAtTheCut = new string('x', 127) + "😀" + new string('y', 10);
        Assert.False(char.IsHighSurrogate(LogValue.Truncate(emojiAtTheCut)[126..].First(c => c != 'x')));
    }
}
