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
            series.Add(new ChartSeries<double> { Name = line.Key, Data = new ChartData<double>(line.Avg) });
            if (!withMinMax) continue;
            series.Add(new ChartSeries<double> { Name = $"{line.Key} {minSuffix}", Data = new ChartData<double>(line.Min) });
            series.Add(new ChartSeries<double> { Name = $"{line.Key} {maxSuffix}", Data = new ChartData<double>(line.Max) });
        }
        return series;
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
