using NovaConsole.Components.Pages.Devices;
using NovaConsole.Telemetry;

namespace NovaConsole.Tests.Telemetry;

public sealed class TelemetryChartSeriesTests
{
    private static readonly DateTimeOffset From = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static TelemetryChartData Data() => TelemetryChartData.Align(From, From.AddMinutes(2), 60_000,
    [
        new TelemetryKeySeries("temperature", 2, 1, 9, 5, [new TelemetryBucket(From, 2, 1, 3, 2, null), new TelemetryBucket(From.AddMinutes(2), 8, 7, 9, 1, null)]),
        new TelemetryKeySeries("humidity", 1, 50, 50, 50, [new TelemetryBucket(From.AddMinutes(1), 50, 50, 50, 1, null)]),
    ]);

    [Fact]
    public void Each_key_is_one_line_of_bucket_averages_with_gaps_as_nulls()
    {
        var series = TelemetryChartSeries.From(Data(), withMinMax: false, "min", "max");

        Assert.Equal(["temperature", "humidity"], series.Select(s => s.Name).ToArray());
        Assert.Equal(3, series[0].Data.Count);
    }

    [Fact]
    public void A_device_reporting_every_other_bucket_draws_a_line_through_the_empty_buckets()
    {
        double?[] sparse = [null, 1, null, 3, null, 5, null, null, null, null, null, null, null, null, null, null, 20, null];

        var bridged = TelemetryChartSeries.Bridged(sparse);

        Assert.Equal([null, 1, 2, 3, 4, 5], bridged.Take(6).ToArray());
        // Away for far longer than it usually reports: a gap, not a made-up line. Nothing after the last value.
        Assert.All(bridged[6..16], Assert.Null);
        Assert.Equal(20, bridged[16]);
        Assert.Null(bridged[17]);
        var series = TelemetryChartSeries.From(TelemetryChartData.Align(From, From.AddMinutes(4), 60_000,
            [new TelemetryKeySeries("t", 3, 1, 5, 3, [new TelemetryBucket(From, 1, 1, 1, 1, null), new TelemetryBucket(From.AddMinutes(2), 3, 3, 3, 1, null), new TelemetryBucket(From.AddMinutes(4), 5, 5, 5, 1, null)])]),
            withMinMax: false, "min", "max");
        Assert.Equal([1d, 2, 3, 4, 5], Enumerable.Range(0, 5).Select(i => Convert.ToDouble(series[0].Data.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    [Fact]
    public void Min_and_max_add_two_lines_per_key()
    {
        var series = TelemetryChartSeries.From(Data(), withMinMax: true, "(min)", "(max)");

        Assert.Equal(["temperature", "temperature (min)", "temperature (max)", "humidity", "humidity (min)", "humidity (max)"], series.Select(s => s.Name).ToArray());
    }

    [Fact]
    public void Axis_labels_show_the_time_of_day_for_short_ranges_and_the_date_for_long_ones()
    {
        var axis = Enumerable.Range(0, 16).Select(i => From.AddMinutes(i * 15)).ToList();

        var hours = TelemetryChartSeries.AxisLabels(axis, TimeSpan.FromHours(4));
        var days = TelemetryChartSeries.AxisLabels(axis, TimeSpan.FromDays(7), t => t.ToOffset(TimeSpan.FromHours(8)));

        Assert.Equal("10:00", hours[0]);
        Assert.Equal("", hours[1]);
        Assert.Equal("10:30", hours[2]);
        Assert.Equal("12-01 18:00", days[0]);
    }
}
