using Radzen;

namespace NovaConsole.Components;

internal static class ConsoleUiExtensions
{
    public static WebApplicationBuilder AddConsoleUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddRadzenComponents();
        builder.Services.AddScoped<ConsoleAccess>();
        builder.Services.AddRadzenCookieThemeService(o =>
        {
            o.Name = "novaconsole.theme";
            o.Duration = TimeSpan.FromDays(365);
        });
        return builder;
    }

    public static WebApplication MapConsoleUi(this WebApplication app)
    {
        // Scripts, styles and fonts (blazor.web.js, Radzen's) are embedded files: see Hosting/EmbeddedAssetEndpoints.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
