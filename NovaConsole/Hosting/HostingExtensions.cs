using NovaConsole.Health;

namespace NovaConsole.Hosting;

internal static class HostingExtensions
{
    public static IHostApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new AppStartTime(DateTimeOffset.UtcNow));
        builder.Services.AddSingleton<ListenerRegistry>();
        builder.Services.AddSingleton<NovaConsole.Health.SystemStatus>();
        builder.Services.AddOptions<TlsOptions>().Bind(builder.Configuration.GetSection(TlsOptions.Section))
            .Validate(o => o.ExtraNames.All(TlsOptions.IsValidName), "Tls:ExtraNames holds host names (letters, digits, '-', '.', a leading '*.') or IP addresses.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ServerCertificate>();
        builder.Services.AddHostedService<StartupLog>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Binding failures throw, so BadRequestExceptionHandler can say what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.AddConsoleHttp();
        return builder;
    }
}
