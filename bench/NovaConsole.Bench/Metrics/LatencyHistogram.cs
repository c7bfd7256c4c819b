using System.Numerics;

namespace NovaConsole.Bench.Metrics;

/// <summary>
/// HDR-style log-linear histogram of latencies in nanoseconds: exact below 128 ns, then 64 linear
/// sub-buckets per power of two (relative error under 1.6 %), up to 2^40 ns (~18 minutes).
/// Fixed size, no allocation per value; one instance per receive loop, merged at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Linear = 128, SubBuckets = 64, SubBits = 6, MaxExponent = 40;
    private readonly long[] _counts = new long[Linear + (MaxExponent - SubBits) * SubBuckets];

    public long Count { get; private set; }
    public long MaxNanoseconds { get; private set; }
    private double _sum;

    public void Record(long nanoseconds)
    {
        if (nanoseconds < 0) nanoseconds = 0;
        _counts[Index(nanoseconds)]++;
        Count++;
        _sum += nanoseconds;
        if (nanoseconds > MaxNanoseconds) MaxNanoseconds = nanoseconds;
    }

    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        Count += other.Count;
        _sum += other._sum;
        MaxNanoseconds = Math.Max(MaxNanoseconds, other.MaxNanoseconds);
    }

    public double MeanMicroseconds => Count == 0 ? 0 : _sum / Count / 1000.0;

    /// <summary>The value at quantile <paramref name="q"/> (0..1) in microseconds: the bucket's upper edge, capped by the max.</summary>
    public double PercentileMicroseconds(double q)
    {
        if (Count == 0) return 0;
        long rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Min(UpperEdge(i), MaxNanoseconds) / 1000.0;
        }
        return MaxNanoseconds / 1000.0;
    }

    private static int Index(long value)
    {
        if (value < Linear) return (int)value;
        int exponent = BitOperations.Log2((ulong)value) - SubBits; // value >> exponent lies in [64, 128)
        if (exponent >= MaxExponent - SubBits) return Linear + (MaxExponent - SubBits) * SubBuckets - 1;
        return Linear + (exponent - 1) * SubBuckets + (int)((value >> exponent) - SubBuckets);
    }

    private static long UpperEdge(int index)
    {
        if (index < Linear) return index;
        int exponent = (index - Linear) / SubBuckets + 1;
        long sub = (index - Linear) % SubBuckets + SubBuckets;
        return ((sub + 1) << exponent) - 1;
    }
}
