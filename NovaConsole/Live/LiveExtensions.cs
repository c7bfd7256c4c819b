namespace NovaConsole.Live;

internal static class LiveExtensions
{
    public const string HubPath = "/hubs/telemetry";

    public static IHostApplicationBuilder AddLive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<HubSubscriptions>();
        builder.Services.AddSingleton<DeviceReportNotifications>();
        builder.Services.AddHostedService<TelemetryHubBridge>();
        return builder;
    }

    public static WebApplication MapLive(this WebApplication app)
    {
        app.MapHub<TelemetryHub>(HubPath).RequireAuthorization();
        return app;
    }
}
