using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace NovaConsole.Devices;

/// <summary>
/// Counts failed device sign-ins per key (a remote address, or a device id). After
/// <see cref="DevicesOptions.FailureThreshold"/> failures within the window the key is refused for a back-off
/// that doubles each time, capped at <see cref="DevicesOptions.MaxBackoffSeconds"/>. A success clears the key,
/// and a key that stays quiet for longer than the cap starts again from the first back-off, so nothing is ever
/// locked out for good.
/// </summary>
internal sealed class DeviceAuthThrottle(IOptions<DevicesOptions> options, TimeProvider time)
{
    private const int SweepEvery = 1024;
    private readonly DevicesOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Tracker> _trackers = new(StringComparer.OrdinalIgnoreCase);
    private int _failuresSinceSweep;

    public int TrackedKeys => _trackers.Count;

    /// <summary>When <paramref name="key"/> is in a back-off: how long it has left.</summary>
    public bool IsBlocked(string key, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_trackers.TryGetValue(key, out var tracker)) return false;
        var now = time.GetUtcNow();
        lock (tracker)
        {
            if (tracker.BlockedUntil <= now) return false;
            retryAfter = tracker.BlockedUntil - now;
            return true;
        }
    }

    /// <summary>Counts a failure; returns the back-off it started, if this failure crossed the threshold.</summary>
    public TimeSpan? RecordFailure(string key)
    {
        var now = time.GetUtcNow();
        var window = TimeSpan.FromSeconds(_options.FailureWindowSeconds);
        var cap = TimeSpan.FromSeconds(_options.MaxBackoffSeconds);
        var tracker = _trackers.GetOrAdd(key, _ => new Tracker());
        TimeSpan? started = null;
        lock (tracker)
        {
            if (now - tracker.LastFailure > cap + window) tracker.Level = 0;
            if (now - tracker.WindowStart > window)
            {
                tracker.WindowStart = now;
                tracker.Failures = 0;
            }
            tracker.LastFailure = now;
            if (++tracker.Failures >= _options.FailureThreshold)
            {
                var backoff = TimeSpan.FromSeconds(_options.InitialBackoffSeconds * Math.Pow(2, Math.Min(tracker.Level, 16)));
                if (backoff > cap) backoff = cap;
                tracker.Level++;
                tracker.BlockedUntil = now + backoff;
                tracker.Failures = 0;
                tracker.WindowStart = now;
                started = backoff;
            }
        }
        if (Interlocked.Increment(ref _failuresSinceSweep) % SweepEvery == 0) Sweep(now, cap + window);
        return started;
    }

    public void RecordSuccess(string key) => _trackers.TryRemove(key, out _);

    /// <summary>Forgets keys that are neither blocked nor recently failing, so random ids cannot grow memory for ever.</summary>
    private void Sweep(DateTimeOffset now, TimeSpan quiet)
    {
        foreach (var (key, tracker) in _trackers)
        {
            bool stale;
            lock (tracker) stale = tracker.BlockedUntil <= now && now - tracker.LastFailure > quiet;
            if (stale) _trackers.TryRemove(new KeyValuePair<string, Tracker>(key, tracker));
        }
    }

    private sealed class Tracker
    {
        public DateTimeOffset WindowStart;
        public DateTimeOffset LastFailure;
        public DateTimeOffset BlockedUntil;
        public int Failures;
        public int Level;
    }
}
