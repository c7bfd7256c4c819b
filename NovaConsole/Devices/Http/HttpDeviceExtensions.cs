using NovaConsole.Commands;

namespace NovaConsole.Devices.Http;

internal static class HttpDeviceExtensions
{
    /// <summary>The HTTP device API and its command transport; registered after the MQTT and TCP transports, so a device with a live connection gets its commands there.</summary>
    public static IHostApplicationBuilder AddHttpDevices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HttpDeviceOptions>()
            .Bind(builder.Configuration.GetSection(HttpDeviceOptions.Section))
            .Validate(o => o.Validate() is null, "HttpDevices settings are invalid: see HttpDeviceOptions.Validate.")
            .ValidateOnStart();
        builder.Services.AddSingleton<HttpCommandMailbox>();
        builder.Services.AddSingleton<HttpCommandTransport>();
        builder.Services.AddSingleton<IDeviceCommandTransport>(sp => sp.GetRequiredService<HttpCommandTransport>());
        builder.Services.AddSingleton<IDeviceSessionControl, HttpSessionControl>();
        builder.Services.AddSingleton<HttpDeviceSightings>();
        builder.Services.AddSingleton<HttpDeviceMessages>();
        builder.Services.AddSingleton<HttpDeviceGate>();
        return builder;
    }

    public static WebApplication MapHttpDevices(this WebApplication app)
    {
        app.MapHttpDeviceApi();
        return app;
    }
}
