using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace NovaConsole.Shared.Logging;

/// <summary>
/// Keeps one noisy source (a remote address sending junk) from filling the log: per log event and source, the first
/// <see cref="Burst"/> lines in a minute are written, the rest are counted and the next line written says how many were
/// left out. State lives per logger, so each app (and each test's app) has its own.
/// </summary>
internal sealed partial class LogRateLimit
{
    public const int Burst = 5;
    private const int MaxSources = 10_000;
    private static readonly long Window = TimeSpan.FromMinutes(1).Ticks;
    private static readonly ConditionalWeakTable<ILogger, LogRateLimit> PerLogger = new();

    private readonly ConcurrentDictionary<(int EventId, string Source), Counter> _counters = new();

    /// <summary>
    /// True when a line for this event and source may be written now (after a line saying how many were left out
    /// since the last one, if any were).
    /// </summary>
    public static bool Allow(ILogger logger, int eventId, string? source)
    {
        var limit = PerLogger.GetValue(logger, _ => new LogRateLimit());
        if (!limit.Allow(eventId, source ?? "?", Environment.TickCount64 * TimeSpan.TicksPerMillisecond, out var suppressed)) return false;
        if (suppressed > 0) LogSuppressed(logger, suppressed, eventId, LogValue.Truncate(source));
        return true;
    }

    private bool Allow(int eventId, string source, long now, out int suppressed)
    {
        // A flood of distinct sources must not grow this table without bound; forgetting resets everyone's budget.
        if (_counters.Count >= MaxSources) _counters.Clear();
        var counter = _counters.GetOrAdd((eventId, source), _ => new Counter());
        lock (counter)
        {
            if (now - counter.WindowStart >= Window)
            {
                counter.WindowStart = now;
                counter.Written = 0;
            }
            if (counter.Written < Burst)
            {
                counter.Written++;
                suppressed = counter.Suppressed;
                counter.Suppressed = 0;
                return true;
            }
            counter.Suppressed++;
            suppressed = 0;
            return false;
        }
    }

    private sealed class Counter
    {
        public long WindowStart = long.MinValue / 2;
        public int Written;
        public int Suppressed;
    }

    [LoggerMessage(EventId = 130, Level = LogLevel.Warning, Message = "{Count} more lines of event {SuppressedEventId} from {Source} were left out in the last minute")]
    private static partial void LogSuppressed(ILogger logger, int count, int suppressedEventId, string source);
}
