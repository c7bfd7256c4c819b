using System.Collections.Concurrent;

namespace NovaConsole.Shared;

/// <summary>
/// At most one log line per key (a device, an address) per interval: a device that repeats the same mistake a
/// thousand times a second must not fill the disk, yet the first occurrence is always logged, and the next line
/// says how many were left out in between. Above 10,000 keys the expired ones are forgotten, so memory follows the
/// number of keys active in one interval, not the number ever seen.
/// </summary>
internal sealed class LogThrottle(TimeProvider time, TimeSpan interval)
{
    private const int SweepAbove = 10_000;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.OrdinalIgnoreCase);
    private long _lastSweep = time.GetTimestamp();

    /// <summary>True when a line may be written for <paramref name="key"/> now; <paramref name="suppressed"/> is how many were not since the last one.</summary>
    public bool ShouldLog(string key, out long suppressed)
    {
        var now = time.GetTimestamp();
        var window = _windows.GetOrAdd(key, static _ => new Window());
        lock (window)
        {
            if (window.Logged && time.GetElapsedTime(window.Start, now) < interval)
            {
                window.Suppressed++;
                suppressed = 0;
                return false;
            }
            suppressed = window.Suppressed;
            (window.Logged, window.Start, window.Suppressed) = (true, now, 0);
        }
        if (_windows.Count > SweepAbove && time.GetElapsedTime(Interlocked.Read(ref _lastSweep), now) >= interval)
        {
            Interlocked.Exchange(ref _lastSweep, now);
            Sweep(now);
        }
        return true;
    }

    private void Sweep(long now)
    {
        foreach (var (key, window) in _windows)
        {
            lock (window)
            {
                // An expired window only holds a count for a line that may never come; memory matters more.
                if (time.GetElapsedTime(window.Start, now) >= interval) _windows.TryRemove(new(key, window));
            }
        }
    }

    private sealed class Window
    {
        public bool Logged;
        public long Start;
        public long Suppressed;
    }
}
