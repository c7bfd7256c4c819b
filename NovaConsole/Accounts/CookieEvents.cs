using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace NovaConsole.Accounts;

/// <summary>
/// Cookie behaviour: API callers get 401/403 ProblemDetails instead of a redirect, and a cookie whose session ended
/// (sign-out, password reset) or whose user was disabled, deleted or changed stops working on its next request.
/// </summary>
internal sealed class CookieEvents(UserSessions sessions) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null || await sessions.ValidateAsync(context.Principal, context.HttpContext.RequestAborted) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        IsApi(context.Request)
            ? ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Authentication required",
                "Sign in (POST /api/v1/auth/login) or send 'Authorization: Bearer <token>'.")
            : base.RedirectToLogin(context);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        IsApi(context.Request)
            ? ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this.")
            : base.RedirectToAccessDenied(context);

    // The SignalR hubs answer like the API: a client library wants a 401, not the login page.
    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs");
}
