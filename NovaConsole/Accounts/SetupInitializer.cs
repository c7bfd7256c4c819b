namespace NovaConsole.Accounts;

/// <summary>Runs after the schema migration (registered later) and before the server accepts requests.</summary>
internal sealed class SetupInitializer(SetupService setup) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => setup.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
