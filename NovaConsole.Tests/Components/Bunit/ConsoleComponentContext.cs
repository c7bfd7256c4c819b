using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using NovaConsole.Components.Shared;
using NovaConsole.Components.Text;

namespace NovaConsole.Tests.Components.Bunit;

/// <summary>
/// A bUnit context with what the console's components expect: MudBlazor's services, the text catalog (English unless a
/// test says otherwise), the browser clock, and JS interop that answers MudBlazor's calls with defaults.
/// </summary>
internal sealed partial class ConsoleComponentContext : BunitContext
{
    public ConsoleComponentContext(string language = TextCatalog.English, IServiceProvider? app = null)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton(new TextCatalog(NullLogger<TextCatalog>.Instance));
        Services.AddScoped(s => new UiText(s.GetRequiredService<TextCatalog>()) { Language = language });
        Services.AddScoped<BrowserClock>();
        // Services the app itself provides (accounts, tokens), when a test needs the real ones.
        if (app is not null)
        {
            Services.AddFallbackServiceProvider(app);
            // ConsoleAccess is built here, so its snackbar and text are this context's; the account checks are the app's.
            Services.AddSingleton(app.GetRequiredService<NovaConsole.Accounts.UserSessions>());
            Services.AddScoped<NovaConsole.Components.ConsoleAccess>();
            AddAuthorization();
        }
    }
}
