using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using NovaConsole.Accounts;
using NovaConsole.Components;
using NovaConsole.Components.Pages.Settings;
using NovaConsole.Components.Text;
using NovaConsole.Settings;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Components;

/// <summary>
/// The Settings page's save handler checks the role on the server: a Viewer whose circuit runs it (the page is Admin-only,
/// so only a forged event gets there) changes nothing. Rendered with bUnit over the real app's services and a real
/// Viewer session, read from the cookie the sign-in API set.
/// </summary>
public sealed class SettingsPageRoleTests : IAsyncLifetime
{
    private AppHost host = null!;

    public async Task InitializeAsync()
    {
        host = await AppHost.StartWithAdminAsync();
        using var admin = await host.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("api/v1/users", new { username = "vera", password = "sturdy-lantern-42", role = "Viewer" })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>Signs in over HTTP and reads the principal (with its server-side session) back out of the cookie.</summary>
    private async Task<ClaimsPrincipal> SignInAsync(string username, string password)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Add("Origin", host.BaseAddress.GetLeftPart(UriPartial.Authority));
        (await client.PostAsJsonAsync("api/v1/auth/login", new { username, password })).EnsureSuccessStatusCode();
        var cookie = cookies.GetCookies(host.BaseAddress)["novaconsole.auth"]!.Value;
        var format = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme).TicketDataFormat;
        return format.Unprotect(cookie)!.Principal;
    }

    private sealed class FixedAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    [Fact]
    public async Task A_viewer_invoking_save_is_refused_and_nothing_changes()
    {
        var viewer = await SignInAsync("vera", "sturdy-lantern-42");
        await using var bunit = new BunitContext();
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        bunit.Services.AddMudServices();
        bunit.Services.AddSingleton(new TextCatalog(NullLogger<TextCatalog>.Instance));
        bunit.Services.AddScoped<UiText>();
        bunit.Services.AddSingleton(host.Services.GetRequiredService<SettingsService>());
        bunit.Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthentication(viewer));
        bunit.Services.AddSingleton(host.Services.GetRequiredService<UserSessions>());
        bunit.Services.AddSingleton(host.Services.GetRequiredService<IAuthorizationService>());
        bunit.Services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        bunit.Services.AddScoped<ConsoleAccess>();
        var page = bunit.Render<SettingsPage>();

        page.Find("input[data-testid=setting-commandTimeoutSeconds]").Input("45");
        page.Find("button[data-testid=settings-save]").Click();

        var snackbar = bunit.Services.GetRequiredService<ISnackbar>();
        page.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message == "This needs the Admin role; you are Viewer."));
        var settings = await host.Services.GetRequiredService<SettingsService>().ListAsync();
        Assert.Equal("30", settings.Single(s => s.Name == "commandTimeoutSeconds").Value);
        Assert.Equal("configuration", settings.Single(s => s.Name == "commandTimeoutSeconds").Source);
    }
}
