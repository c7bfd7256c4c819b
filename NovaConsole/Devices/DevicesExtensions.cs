using Microsoft.Extensions.DependencyInjection.Extensions;

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
        // The transports register their own presence tracking; until then every device is offline.
        builder.Services.TryAddSingleton<IDevicePresence, NoDevicePresence>();
        return builder;
    }

    public static WebApplication MapDevices(this WebApplication app)
    {
        app.MapGroup("/api/v1/devices").WithTags("Devices").MapDeviceApi();
        return app;
    }
}
