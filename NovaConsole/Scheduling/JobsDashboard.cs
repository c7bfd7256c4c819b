using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using NovaConsole.Accounts;

namespace NovaConsole.Scheduling;

/// <summary>
/// Hangfire's dashboard at /jobs, for administrators signed in to the console. The endpoint asks for the sign-in cookie
/// only (so a personal API token does not open it, and an anonymous visitor is sent to the login page); the dashboard's
/// own filter then asks for the Admin role, and answers 403 to any other signed-in user.
/// </summary>
internal static class JobsDashboard
{
    public const string Path = "/jobs";

    private static readonly AuthorizationPolicy SignedInWithCookie =
        new AuthorizationPolicyBuilder(CookieAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build();

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new AdminsOnly()],
            AppPath = "/broker",
            DashboardTitle = "NovaConsole jobs",
        }).RequireAuthorization(SignedInWithCookie).ExcludeFromDescription();
        return app;
    }

    private sealed class AdminsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
