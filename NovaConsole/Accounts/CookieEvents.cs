using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace NovaConsole.Accounts;

/// <summary>
/// Cookie behaviour: API callers get 401/403 ProblemDetails instead of a redirect, and a cookie whose
/// user was disabled, deleted or changed (new security stamp) stops working on its next request.
/// </summary>
internal sealed class CookieEvents(AccountService accounts) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.UserId();
        var stamp = context.Principal?.FindFirst(UserPrincipal.StampClaim)?.Value;
        var user = id is null ? null : await accounts.FindAsync(id.Value, context.HttpContext.RequestAborted);
        if (user is null || !user.IsActive || user.SecurityStamp != stamp)
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
