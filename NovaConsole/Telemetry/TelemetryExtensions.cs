using NovaConsole.Health;
using NovaConsole.Scheduling;

namespace NovaConsole.Telemetry;

internal static class TelemetryExtensions
{
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>()
            .Bind(builder.Configuration.GetSection(TelemetryOptions.Section))
            .Validate(o => o.Validate() is null, "Telemetry settings are invalid: see TelemetryOptions.Validate.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TelemetryStore>();
        builder.Services.AddSingleton<TelemetrySeries>();
        builder.Services.AddSingleton<TelemetryQueries>();
        builder.Services.AddSingleton<LatestValues>();
        builder.Services.AddSingleton<TelemetryKeyLimit>();
        builder.Services.AddSingleton<TelemetryNotifications>();
        builder.Services.AddSingleton<TelemetryStatistics>();
        builder.Services.AddStatsSource("telemetry", TelemetryStats.Read);
        builder.Services.AddSingleton<TelemetryIngest>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelemetryIngest>());
        builder.Services.AddSingleton<NovaConsole.Devices.IDeviceDataPurge, TelemetryPurge>();
        builder.Services.AddHostedService<TelemetryCheckpointer>();
        // Daily at 03:30 UTC, and at every start: what a stopped process missed is simply deleted then.
        builder.Services.AddRecurringJob<TelemetryRetentionJob>(TelemetryRetentionJob.Id, "30 3 * * *", runAtStart: true);
        return builder;
    }

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        app.MapGroup("/api/v1").MapTelemetryApi();
        app.MapGroup("/api/v1").MapTelemetrySeriesApi();
        return app;
    }
}
