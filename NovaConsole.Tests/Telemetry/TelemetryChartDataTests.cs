using NovaConsole.Telemetry;

namespace NovaConsole.Tests.Telemetry;

public sealed class TelemetryChartDataTests
{
    private static readonly DateTimeOffset From = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static TelemetryBucket Bucket(int minute, double avg, double min, double max) => new(From.AddMinutes(minute), avg, min, max, 3, null);

    [Fact]
    public void Keys_with_buckets_in_different_places_share_one_axis_and_empty_buckets_are_gaps()
    {
        var temperature = new TelemetryKeySeries("temperature", 6, 1, 9, 5, [Bucket(0, 2, 1, 3), Bucket(2, 8, 7, 9)]);
        var humidity = new TelemetryKeySeries("humidity", 3, 40, 60, 50, [Bucket(1, 50, 40, 60)]);

        var chart = TelemetryChartData.Align(From, From.AddMinutes(3), 60_000, [temperature, humidity]);

        Assert.Equal([From, From.AddMinutes(1), From.AddMinutes(2), From.AddMinutes(3)], chart.Axis);
        Assert.Equal<double?>([2, null, 8, null], chart.Lines[0].Avg);
        Assert.Equal<double?>([1, null, 7, null], chart.Lines[0].Min);
        Assert.Equal<double?>([null, 60, null, null], chart.Lines[1].Max);
        Assert.Equal((1.0, 9.0, 5.0), (chart.Lines[0].OverallMin, chart.Lines[0].OverallMax, chart.Lines[0].OverallAvg));
        Assert.False(chart.IsEmpty);
    }

    [Fact]
    public void A_text_key_has_no_numbers_to_draw_and_no_points_means_empty()
    {
        var text = new TelemetryKeySeries("mode", 0, null, null, null, []);

        var chart = TelemetryChartData.Align(From, From.AddHours(1), 60_000, [text]);

        Assert.Equal(61, chart.Axis.Count);
        Assert.All(chart.Lines[0].Avg, v => Assert.Null(v));
        Assert.True(chart.IsEmpty);
    }

    [Fact]
    public void The_axis_never_outgrows_the_bucket_limit()
    {
        var chart = TelemetryChartData.Align(From, From.AddDays(7), 1, []);

        Assert.Equal(TelemetryQueries.MaxBuckets + 1, chart.Axis.Count);
    }
}
