namespace NovaConsole.Bench.Metrics;

/// <summary>Nearest-rank percentiles of a small sample (a few hundred values: no histogram needed).</summary>
internal static class Percentiles
{
    /// <returns>The value at rank ceil(p x n) of the sorted sample, or NaN when it is empty.</returns>
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
