using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using NovaConsole.Accounts;
using MudBlazor;
using NovaConsole.Components.Text;

namespace NovaConsole.Components;

/// <summary>
/// The server-side check every state-changing action of the console runs first. Hiding or disabling a button is only
/// a courtesy: the browser can re-enable it and the circuit runs whatever handler it is asked to. So each handler asks
/// here whether the circuit's user, as they are now (their session still alive, their user active and unchanged),
/// meets the policy; if not, the user is told, the attempt is logged, and the handler does nothing.
/// </summary>
internal sealed partial class ConsoleAccess(
    AuthenticationStateProvider authentication,
    UserSessions sessions,
    IAuthorizationService authorization,
    ISnackbar snackbar,
    UiText text,
    ILogger<ConsoleAccess> logger)
{
    /// <summary>True when the current user may act under <paramref name="policy"/> (null: any signed-in user).</summary>
    public async Task<bool> AllowsAsync(string? policy)
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        var user = await sessions.ValidateAsync(principal, CancellationToken.None);
        if (user is not null && (policy is null || (await authorization.AuthorizeAsync(principal, policy)).Succeeded)) return true;

        LogRefused(logger, principal.Identity?.Name ?? "(anonymous)", policy ?? "signed in", user is null ? "session ended" : "role");
        snackbar.Add(user is null ? text["shell.notAllowed.sessionEnded"] : text["shell.notAllowed.role", policy, user.Role], Severity.Error,
            o => o.VisibleStateDuration = 8000);
        return false;
    }

    [LoggerMessage(EventId = 150, Level = LogLevel.Warning, Message = "Console action refused for {Username}: needs {Policy} ({Why})")]
    private static partial void LogRefused(ILogger logger, string username, string policy, string why);
}
