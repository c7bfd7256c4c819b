namespace NovaConsole.Data;

/// <summary>Applies schema steps before anything else starts (hosted services start in registration order).</summary>
internal sealed class SchemaMigrationService(SchemaMigrator migrator, DatabaseLocation database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        migrator.Migrate(database.ConnectionString, SchemaSteps.All);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
