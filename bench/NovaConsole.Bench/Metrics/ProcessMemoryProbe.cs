namespace NovaConsole.Bench.Metrics;

/// <summary>Resident memory of a process (the broker under test), from /proc/PID/status.</summary>
internal readonly record struct MemorySample(long RssKiB, long HwmKiB)
{
    public static readonly MemorySample Unknown = new(-1, -1);
}

internal static class ProcessMemoryProbe
{
    /// <summary>VmRSS and VmHWM in KiB, or <see cref="MemorySample.Unknown"/> without a PID or once it has exited.</summary>
    public static MemorySample Read(int? pid)
    {
        if (pid is not > 0) return MemorySample.Unknown;
        try
        {
            long rss = -1, hwm = -1;
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = ParseKiB(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = ParseKiB(line);
            }
            return new MemorySample(rss, hwm);
        }
        catch (IOException)
        {
            return MemorySample.Unknown;
        }
    }

    // "VmRSS:	    5484 kB"
    private static long ParseKiB(string line)
    {
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], out long value) ? value : -1;
    }
}
