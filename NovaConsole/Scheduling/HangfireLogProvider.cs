using Hangfire.Logging;
using MsLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace NovaConsole.Scheduling;

/// <summary>
/// Hangfire's log output into ours. Hangfire keeps one log provider per process (the last host to start sets it), and
/// test processes run several hosts and dispose them in any order: asking a disposed host's logger factory for a logger
/// throws, so this provider creates loggers lazily and drops what it can no longer write.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name) => new ForwardingLog(factory, name);

    private sealed class ForwardingLog(ILoggerFactory factory, string name) : ILog
    {
        private ILogger? _logger;

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                var logger = _logger ??= factory.CreateLogger(name);
                var level = (MsLogLevel)(int)logLevel; // Trace..Fatal line up with Trace..Critical.
                if (messageFunc is null) return logger.IsEnabled(level);
                if (logger.IsEnabled(level)) logger.Log(level, exception, "{Message}", messageFunc());
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
