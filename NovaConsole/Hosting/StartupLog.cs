namespace NovaConsole.Hosting;

/// <summary>Once every listener is bound, one clear log line each with its real address.</summary>
internal sealed partial class StartupLog(ListenerRegistry listeners, IHostApplicationLifetime lifetime, ILogger<StartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var listener in listeners.Snapshot()) LogListening(logger, listener.Name, listener.Address);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Listening: {Name} on {Address}")]
    private static partial void LogListening(ILogger logger, string name, string address);
}
