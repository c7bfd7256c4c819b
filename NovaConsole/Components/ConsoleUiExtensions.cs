using Microsoft.AspNetCore.Diagnostics;
using MudBlazor.Services;
using NovaConsole.Components.Shared;
using NovaConsole.Components.Text;

namespace NovaConsole.Components;

internal static class ConsoleUiExtensions
{
    public static WebApplicationBuilder AddConsoleUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<ConsoleAccess>();
        builder.Services.AddSingleton<TextCatalog>();
        builder.Services.AddScoped<UiText>();
        builder.Services.AddScoped<BrowserClock>();
        return builder;
    }

    public static WebApplication MapConsoleUi(this WebApplication app)
    {
        // Scripts, styles and fonts (blazor.web.js, MudBlazor's) are embedded files: see Hosting/EmbeddedAssetEndpoints.
        app.MapUiPreferences();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// A browser asking for a page that does not exist (or any other bodiless error) gets the console's own page,
    /// in its language and theme; API clients and everything under /api keep what the outer UseStatusCodePages
    /// writes (ProblemDetails JSON). Call right after UseStatusCodePages.
    /// </summary>
    public static WebApplication UseConsoleStatusPages(this WebApplication app)
    {
        // Top level, not in a UseWhen branch: only the application's own builder re-runs routing for the re-executed path.
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.Use((http, next) =>
        {
            var forBrowser = !http.Request.Path.StartsWithSegments("/api")
                && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
            // This feature is the re-executing middleware's own; the outer one keeps its own and still answers.
            if (!forBrowser && http.Features.Get<IStatusCodePagesFeature>() is { } reExecute) reExecute.Enabled = false;
            return next(http);
        });
        return app;
    }
}
