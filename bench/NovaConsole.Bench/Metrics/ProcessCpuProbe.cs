using System.Globalization;

namespace NovaConsole.Bench.Metrics;

/// <summary>
/// CPU time (user + system) a process has used, from /proc/PID/stat. On two cores the broker and the load
/// generator compete: the broker's CPU seconds per run tell whether it, or the generator, was the limit.
/// </summary>
internal static class ProcessCpuProbe
{
    private const double ClockTicksPerSecond = 100; // USER_HZ: 100 on Linux x86-64

    /// <returns>Seconds of CPU, or -1 without a PID or once the process has exited.</returns>
    public static double Read(int? pid)
    {
        if (pid is not > 0) return -1;
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after "(comm)": state is field 3, utime field 14, stime field 15 (proc(5)).
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
            long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (utime + stime) / ClockTicksPerSecond;
        }
        catch (IOException)
        {
            return -1;
        }
    }

    /// <summary>1-minute load average from /proc/loadavg, or -1.</summary>
    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    public static double Self() => Environment.CpuUsage.TotalTime.TotalSeconds;
}
