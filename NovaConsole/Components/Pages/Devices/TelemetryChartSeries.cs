using System.Globalization;
using MudBlazor;
using NovaConsole.Telemetry;

namespace NovaConsole.Components.Pages.Devices;

/// <summary>The history chart's data as MudChart draws it: a line per key (bucket averages), with min/max lines on request.</summary>
internal static class TelemetryChartSeries
{
    public static List<ChartSeries<double>> From(TelemetryChartData data, bool withMinMax, string minSuffix, string maxSuffix)
    {
        var series = new List<ChartSeries<double>>();
        foreach (var line in data.Lines)
        {
            series.Add(new ChartSeries<double> { Name = line.Key, Data = new ChartData<double>(Bridged(line.Avg)) });
            if (!withMinMax) continue;
            series.Add(new ChartSeries<double> { Name = $"{line.Key} {minSuffix}", Data = new ChartData<double>(Bridged(line.Min)) });
            series.Add(new ChartSeries<double> { Name = $"{line.Key} {maxSuffix}", Data = new ChartData<double>(Bridged(line.Max)) });
        }
        return series;
    }

    /// <summary>
    /// The values with short gaps filled by straight lines, so a device that reports less often than once a bucket draws a
    /// line, not a row of dots (a line chart breaks at every null). A gap longer than three times the usual spacing of
    /// the values (the device was away) stays a gap, and nothing is drawn before the first value or after the last.
    /// </summary>
    internal static double?[] Bridged(IReadOnlyList<double?> values)
    {
        var result = values.ToArray();
        var filled = Enumerable.Range(0, result.Length).Where(i => result[i] is not null).ToList();
        if (filled.Count < 2) return result;
        var spacings = filled.Zip(filled.Skip(1), (a, b) => b - a).Order().ToList();
        var longest = Math.Max(2, 3 * spacings[spacings.Count / 2]);
        for (var k = 1; k < filled.Count; k++)
        {
            int a = filled[k - 1], b = filled[k];
            if (b - a <= 1 || b - a > longest) continue;
            for (var i = a + 1; i < b; i++) result[i] = result[a] + (result[b] - result[a]) * (i - a) / (b - a);
        }
        return result;
    }

    /// <summary>
    /// One label per bucket, most left empty so about eight show: the time of day for a range up to a day, with the date
    /// beyond. <paramref name="toLocal"/> turns UTC into the browser's time (identity when it is not known yet).
    /// </summary>
    public static string[] AxisLabels(IReadOnlyList<DateTimeOffset> axis, TimeSpan range, Func<DateTimeOffset, DateTimeOffset>? toLocal = null)
    {
        var format = range > TimeSpan.FromDays(1) ? "MM-dd HH:mm" : range >= TimeSpan.FromHours(1) ? "HH:mm" : "HH:mm:ss";
        var every = Math.Max(1, axis.Count / 8);
        var labels = new string[axis.Count];
        for (var i = 0; i < axis.Count; i++)
        {
            labels[i] = i % every == 0 ? (toLocal?.Invoke(axis[i]) ?? axis[i].ToUniversalTime()).ToString(format, CultureInfo.InvariantCulture) : "";
        }
        return labels;
    }
}
