using NovaConsole.Hosting;
using Radzen;

namespace NovaConsole.Components;

internal static class ConsoleUiExtensions
{
    public static WebApplicationBuilder AddConsoleUi(this WebApplicationBuilder builder)
    {
        // Radzen's and the framework's files come from the build's static web assets manifest in every
        // environment (the framework only does this in Development); a published app has them in wwwroot.
        builder.WebHost.UseStaticWebAssets();
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
        // Radzen's scripts and styles: public, like every static asset. A build (and a folder publish) lists them
        // in the static web assets manifest; a single-file publish carries the ones the console uses inside itself.
        var manifest = Path.Combine(AppContext.BaseDirectory, $"{app.Environment.ApplicationName}.staticwebassets.endpoints.json");
        if (File.Exists(manifest)) app.MapStaticAssets().AllowAnonymous();
        else app.MapEmbeddedAssets("/_content/Radzen.Blazor", "NovaConsole.Radzen/");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode()
            // blazor.web.js is an endpoint of its own here; the login page needs it before anyone signs in.
            .Add(endpoint =>
            {
                if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } route } && route.TrimStart('/').StartsWith("_framework/", StringComparison.Ordinal))
                {
                    endpoint.Metadata.Add(new Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute());
                }
            });
        return app;
    }
}
