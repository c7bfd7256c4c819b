using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;

namespace NovaConsole.Accounts;

internal static class AccountsExtensions
{
    private const string SelectingScheme = "CookieOrToken";

    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountsOptions>()
            .Bind(builder.Configuration.GetSection(AccountsOptions.Section))
            .Validate(o => o.LockoutThreshold > 0 && o.LockoutMinutes > 0 && o.MinPasswordLength is >= PasswordPolicy.AbsoluteMinimumLength and <= PasswordPolicy.MaxLength,
                $"Accounts: LockoutThreshold and LockoutMinutes must be positive and MinPasswordLength between {PasswordPolicy.AbsoluteMinimumLength} and {PasswordPolicy.MaxLength}.")
            .ValidateOnStart();

        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<AccountService>();
        builder.Services.AddSingleton<MyAccount>();
        builder.Services.AddSingleton<PasswordSignIn>();
        builder.Services.AddSingleton<UnknownUserLockout>();
        builder.Services.AddSingleton<UserSessions>();
        builder.Services.AddSingleton<CredentialConnections>();
        builder.Services.AddSingleton<CredentialHubFilter>();
        // Every hub (the telemetry hub and the console's circuits) files its connections under their credential.
        builder.Services.Configure<HubOptions>(o => o.AddFilter<CredentialHubFilter>());
        builder.Services.AddSingleton<ApiTokenService>();
        builder.Services.AddSingleton<SetupService>();
        builder.Services.AddHostedService<SetupInitializer>();
        builder.Services.AddScoped<CookieEvents>();

        builder.Services.AddAuthentication(SelectingScheme)
            .AddPolicyScheme(SelectingScheme, "Cookie or API token", o => o.ForwardDefaultSelector = context =>
                // The HTTP device API's bearer is a device key, checked by that API itself, never an API token.
                ApiTokenAuthenticationHandler.TokenOf(context.Request) is not null && !NovaConsole.Devices.Http.HttpDeviceApi.Owns(context.Request.Path)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "novaconsole.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/access-denied";
                o.ExpireTimeSpan = UserSessions.IdleLifetime;
                o.SlidingExpiration = true;
                o.EventsType = typeof(CookieEvents);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        builder.Services.AddAuthorizationBuilder()
            // Everything needs a signed-in user unless it says [AllowAnonymous]: login, setup, /healthz, static assets.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Operator, p => p.RequireRole(Roles.Admin, Roles.Operator));

        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingUserStateProvider>();
        return builder;
    }

    /// <summary>Request checks that need the authenticated user: runs between authentication and authorization.</summary>
    public static WebApplication UseAccountChecks(this WebApplication app)
    {
        app.UseMiddleware<NovaConsole.Security.CrossSiteRequestCheck>();
        app.UseMiddleware<ReadOnlyTokenCheck>();
        return app;
    }

    public static WebApplication MapAccounts(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Accounts");
        api.MapSetupAndLogin();
        api.MapUsers();
        api.MapApiTokens();
        api.MapMyAccount();
        app.MapLogoutForm();
        return app;
    }
}
