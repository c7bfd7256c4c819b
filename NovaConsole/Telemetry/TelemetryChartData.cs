namespace NovaConsole.Telemetry;

/// <summary>One key on the shared time axis: average, minimum and maximum per bucket, null where the bucket is empty (a gap).</summary>
internal sealed record TelemetryChartLine(string Key, double?[] Avg, double?[] Min, double?[] Max, double? OverallMin, double? OverallMax, double? OverallAvg, long Points);

/// <summary>Several keys on one time axis (bucket starts), as a line chart draws them: every line has one value per bucket.</summary>
internal sealed record TelemetryChartData(IReadOnlyList<DateTimeOffset> Axis, IReadOnlyList<TelemetryChartLine> Lines)
{
    public bool IsEmpty => Lines.All(l => l.Points == 0);

    /// <summary>
    /// Aligns the keys' buckets (each lists only buckets with readings) on the axis of every bucket in [from, to], so the
    /// lines share their x positions; an empty bucket is null (a gap), never a zero that would draw a false dip.
    /// </summary>
    public static TelemetryChartData Align(DateTimeOffset from, DateTimeOffset to, long bucketMs, IReadOnlyList<TelemetryKeySeries> series)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketMs, 1);
        var span = Math.Max(0, to.ToUnixTimeMilliseconds() - from.ToUnixTimeMilliseconds());
        var count = (int)Math.Min(TelemetryQueries.MaxBuckets + 1, span / bucketMs + 1);
        var axis = Enumerable.Range(0, count).Select(i => from.AddMilliseconds(i * bucketMs)).ToList();
        var lines = series.Select(s =>
        {
            double?[] avg = new double?[count], min = new double?[count], max = new double?[count];
            foreach (var bucket in s.Buckets)
            {
                var index = (int)((bucket.At.ToUnixTimeMilliseconds() - from.ToUnixTimeMilliseconds()) / bucketMs);
                if (index < 0 || index >= count) continue;
                (avg[index], min[index], max[index]) = (bucket.Avg, bucket.Min, bucket.Max);
            }
            return new TelemetryChartLine(s.Key, avg, min, max, s.Min, s.Max, s.Avg, s.TotalPoints);
        }).ToList();
        return new TelemetryChartData(axis, lines);
    }
}
