using System.Text.Json;
using NovaConsole.Ota;

namespace NovaConsole.Tests.Ota;

/// <summary>Batch splitting and Range parsing, without the app.</summary>
public sealed class OtaPlanRulesTests
{
    private static List<JsonElement> Spec(string json) => JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();

    [Theory]
    [InlineData("[\"1%\", \"10%\", \"89%\"]", 10_000, new[] { 100, 1000, 8900 })]
    [InlineData("[\"1%\", \"10%\", \"89%\"]", 50, new[] { 1, 5, 44 })]
    [InlineData("[10, \"100%\"]", 20, new[] { 10, 10 })]
    [InlineData("[3]", 7, new[] { 7 })]
    [InlineData("[5, 5, 5]", 6, new[] { 5, 1 })]
    [InlineData("[]", 4, new[] { 4 })]
    public void Batches_are_counts_or_rounded_up_percents_and_the_last_takes_the_rest(string spec, int total, int[] expected) =>
        Assert.Equal(expected, OtaPlanner.SplitBatches(Spec(spec), total));

    [Theory]
    [InlineData("bytes=0-99", 1000, "Single", 0, 100)]
    [InlineData("bytes=990-", 1000, "Single", 990, 10)]
    [InlineData("bytes=-10", 1000, "Single", 990, 10)]
    [InlineData("bytes=900-5000", 1000, "Single", 900, 100)]
    [InlineData("bytes=1000-", 1000, "Unsatisfiable", 0, 0)]
    [InlineData("bytes=5-1", 1000, "Unsatisfiable", 0, 0)]
    [InlineData("bytes=0-1,5-6", 1000, "None", 0, 0)]
    [InlineData("items=0-1", 1000, "None", 0, 0)]
    [InlineData(null, 1000, "None", 0, 0)]
    public void Range_headers_resolve_to_one_range_or_none_or_416(string? header, long size, string expected, long start, long length)
    {
        Assert.Equal(Enum.Parse<RangeParse>(expected), ByteRange.Parse(header, size, out var range));
        if (expected == "Single") Assert.Equal(new ByteRange(start, length), range);
    }
}
