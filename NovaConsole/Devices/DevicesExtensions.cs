using NovaConsole.Health;
using NovaConsole.Devices.Presence;

namespace NovaConsole.Devices;

internal static class DevicesExtensions
{
    public static IHostApplicationBuilder AddDevices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DevicesOptions>()
            .Bind(builder.Configuration.GetSection(DevicesOptions.Section))
            .Validate(o => o.IsValid,
                "Devices: FailureThreshold, FailureWindowSeconds, InitialBackoffSeconds and ImportMaxRows must be positive, " +
                "and MaxBackoffSeconds between InitialBackoffSeconds and 3600.")
            .ValidateOnStart();

        builder.Services.AddSingleton<DeviceCredentialCache>();
        builder.Services.AddSingleton<DeviceAuthThrottle>();
        builder.Services.AddSingleton<DeviceAuthenticator>();
        builder.Services.AddSingleton<DeviceRegistry>();
        builder.Services.AddSingleton<DeviceConnectionSettings>();
        builder.Services.AddSingleton<DevicePresence>();
        builder.Services.AddStatsSource("devicesOnline", services => services.GetRequiredService<DevicePresence>().OnlineCount);
        builder.Services.AddSingleton<DeviceClocks>();
        builder.Services.AddSingleton<DeviceAttributes>();
        builder.Services.AddSingleton<DeviceEvents>();
        builder.Services.AddSingleton<IDeviceDataPurge, DeviceHistoryPurge>();
        builder.Services.AddSingleton<DeviceConnectionGuide>();
        builder.Services.AddSingleton<NovaConsole.Devices.Traffic.DeviceTraffic>();
        builder.Services.AddSingleton<IDevicePresence>(sp => sp.GetRequiredService<DevicePresence>());
        builder.Services.AddSingleton<PresenceHistory>();
        builder.Services.AddHostedService<PresenceHistoryWriter>();
        return builder;
    }

    public static WebApplication MapDevices(this WebApplication app)
    {
        app.MapGroup("/api/v1/devices").WithTags("Devices").MapDeviceApi();
        app.MapGroup("/api/v1/devices").WithTags("Devices").MapStatusHistoryApi();
        app.MapGroup("/api/v1/devices").WithTags("Devices").MapDeviceDetailsApi();
        return app;
    }
}
