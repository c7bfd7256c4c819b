namespace NovaConsole.Commands;

internal static class CommandsExtensions
{
    public static IHostApplicationBuilder AddCommands(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CommandsOptions>()
            .Bind(builder.Configuration.GetSection(CommandsOptions.Section))
            .Validate(o => o.IsValid, "Commands: TimeoutSeconds must be between 1 and 3600.")
            .ValidateOnStart();

        builder.Services.AddSingleton<CommandNotifications>();
        builder.Services.AddSingleton<CommandStore>();
        builder.Services.AddSingleton<PendingCommands>();
        builder.Services.AddSingleton<CommandLanes>();
        builder.Services.AddSingleton<CommandResponses>();
        builder.Services.AddSingleton<CommandService>();
        builder.Services.AddHostedService<CommandStartup>();
        // Transports (IDeviceCommandTransport) are registered by the adapters; none registered means every device is offline.
        return builder;
    }

    public static WebApplication MapCommands(this WebApplication app)
    {
        app.MapGroup("/api/v1").WithTags("Commands").MapCommandApi();
        return app;
    }
}

/// <summary>At start (after the schema steps): commands a previous run left unanswered can no longer be answered.</summary>
internal sealed class CommandStartup(CommandStore store, ILogger<CommandStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var count = await store.FailAbandonedAsync(cancellationToken);
        if (count > 0) CommandsLog.AbandonedFailed(logger, count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
