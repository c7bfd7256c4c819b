using NovaConsole.Accounts;

namespace NovaConsole.Settings;

internal static class SettingsExtensions
{
    /// <summary>Call after every feature that binds options: the saved settings override their configuration.</summary>
    public static IHostApplicationBuilder AddSettings(this IHostApplicationBuilder builder)
    {
        var source = new DatabaseSettingsSource();
        builder.Configuration.Add(source);
        builder.Services.AddSingleton(source.Provider);
        builder.Services.AddSingleton<SettingsService>();
        builder.Services.AddOptions<PublicAddressOptions>().Bind(builder.Configuration.GetSection(PublicAddressOptions.Section));
        builder.Services.AddHostedService<SettingsStartup>();
        return builder;
    }

    public static WebApplication MapSettings(this WebApplication app)
    {
        app.MapGroup("/api/v1/settings").WithTags("Settings").RequireAuthorization(Policies.Admin).MapSettingsApi();
        return app;
    }
}

/// <summary>At start, after the schema steps: the saved settings take effect.</summary>
internal sealed class SettingsStartup(SettingsService settings) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => settings.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
