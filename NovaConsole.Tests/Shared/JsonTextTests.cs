using System.Buffers;
using System.Text;
using NovaConsole.Shared;
using NovaConsole.Tests.Mqtt.Protocol;

namespace NovaConsole.Tests.Shared;

public sealed class JsonTextTests
{
    [Theory]
    [InlineData("""{"a":"plain","b":1.5e308,"c":-2,"d":1e-400,"e":[true,null]}""")]
    [InlineData("""{"emoji":"\ud83d\ude00","escaped backslash":"\\ud800","tab":"\t\u0000"}""")]
    [InlineData("""{"\ud83d\ude00":1}""")]
    public void Json_that_reads_without_surprises_has_no_problem(string json) =>
        Assert.Null(JsonText.Problem(Encoding.UTF8.GetBytes(json).AsMemory()));

    [Theory]
    [InlineData("""{"a":"\ud800"}""", "surrogate")]
    [InlineData("""{"a":"\ud800x"}""", "surrogate")]
    [InlineData("""{"a":"\ud800\n"}""", "surrogate")]
    [InlineData("""{"a":"\ud800\ud800"}""", "surrogate")]
    [InlineData("""{"a":"\udc00\ud83d"}""", "surrogate")]
    [InlineData("""{"\udfff":1}""", "surrogate")]
    [InlineData("""{"a":1e400}""", "1e400 is beyond the range")]
    [InlineData("""{"a":{"b":[-1E+309]}}""", "-1E+309 is beyond the range")]
    public void Lone_surrogates_and_numbers_beyond_double_range_are_named(string json, string expected) =>
        Assert.Contains(expected, JsonText.Problem(Encoding.UTF8.GetBytes(json).AsMemory()));

    [Fact]
    public void Invalid_utf8_is_found_also_when_a_character_straddles_two_segments()
    {
        byte[] valid = [.. """{"a":"z"""u8, 0xC3, 0xA9, .. "\"}"u8];   // "zé"
        byte[] invalid = [.. """{"a":"z"""u8, 0xC3, 0x28, .. "\"}"u8];

        // Split inside the two-byte 'é': valid text must not look broken at the seam.
        Assert.Null(JsonText.Problem(TestSequence.Split(valid, 8)));
        Assert.Contains("UTF-8", JsonText.Problem(TestSequence.Split(invalid, 8)));
        Assert.Contains("UTF-8", JsonText.Problem(invalid.AsMemory()));
    }
}
