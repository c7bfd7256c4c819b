using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NovaConsole.Tests.Infrastructure;

/// <summary>One formatted log line as the app wrote it.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, int EventId, string Message);

/// <summary>
/// A logger provider the test host adds to the app: every line at an enabled level is kept (the newest 20,000),
/// so tests can read what an operator's log would show.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private const int Capacity = 20_000;
    private readonly ConcurrentQueue<CapturedLog> _lines = new();

    public IReadOnlyList<CapturedLog> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(CapturedLog line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Capacity) _lines.TryDequeue(out _);
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new CapturedLog(category, logLevel, eventId.Id, formatter(state, exception)));
    }
}
