using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NovaConsole.Accounts;
using NovaConsole.Components;
using NovaConsole.Data;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Components.Bunit;

/// <summary>
/// Real sessions for the server-side role checks: a principal from the app's own sign-in (so <see cref="UserSessions"/>
/// validates it), and a context that checks it with the app's authorization instead of bUnit's fake one.
/// </summary>
internal sealed partial class ConsoleComponentContext
{
    /// <summary>
    /// A context whose user is <paramref name="user"/>, with the app's session store, authorization service and a
    /// <see cref="ConsoleAccess"/> of its own. The test adds the app services its page calls.
    /// </summary>
    public static ConsoleComponentContext WithAppAuthorization(AppHost host, ClaimsPrincipal user)
    {
        var ctx = new ConsoleComponentContext();
        ctx.Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthentication(user));
        ctx.Services.AddSingleton(host.Services.GetRequiredService<UserSessions>());
        ctx.Services.AddSingleton(host.Services.GetRequiredService<IAuthorizationService>());
        ctx.Services.AddScoped<ConsoleAccess>();
        return ctx;
    }

    /// <summary>Signs in over HTTP and reads the principal (with its server-side session) back out of the cookie.</summary>
    public static async Task<ClaimsPrincipal> SignInOverHttpAsync(AppHost host, string username, string password)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add("Origin", host.BaseAddress.GetLeftPart(UriPartial.Authority));
        (await client.PostAsJsonAsync("api/v1/auth/login", new { username, password })).EnsureSuccessStatusCode();
        var cookie = cookies.GetCookies(host.BaseAddress)["novaconsole.auth"]!.Value;
        var format = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme).TicketDataFormat;
        return format.Unprotect(cookie)!.Principal;
    }

    /// <summary>A real session for the user (the server-side check validates it), captured instead of written to a cookie.</summary>
    public static async Task<ClaimsPrincipal> CapturedSessionAsync(AppHost host, string username)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>().CreateDbContextAsync();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Username == username);
        var capture = new CapturedSignIn();
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton<IAuthenticationService>(capture).BuildServiceProvider() };
        await host.Services.GetRequiredService<UserSessions>().SignInAsync(http, user);
        return capture.Principal!;
    }

    private sealed class FixedAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    private sealed class CapturedSignIn : IAuthenticationService
    {
        public ClaimsPrincipal? Principal { get; private set; }

        public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties)
        {
            Principal = principal;
            return Task.CompletedTask;
        }

        public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) => throw new NotSupportedException();
        public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new NotSupportedException();
        public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new NotSupportedException();
        public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new NotSupportedException();
    }
}
