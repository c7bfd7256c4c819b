using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using NovaConsole.Accounts;
using NovaConsole.Components.Pages.Ota;
using NovaConsole.Data;
using NovaConsole.Ota;
using NovaConsole.Tests.Infrastructure;
using NovaConsole.Tests.Ota;

namespace NovaConsole.Tests.Components.Bunit;

/// <summary>
/// The campaign page's buttons are disabled for a Viewer, but a circuit runs whatever handler it is asked to: a Viewer
/// with a live session whose pause and cancel handlers are invoked directly (past the disabled buttons and through the
/// confirmation) is refused by the server-side check, and the campaign is unchanged.
/// </summary>
public sealed class OtaViewerRefusalTests
{
    private const string Viewer = "vince";

    [Fact]
    public async Task A_viewer_invoking_pause_and_cancel_is_refused_and_nothing_changes()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        long id;
        using (var admin = await host.CreateSignedInClientAsync())
        {
            (await admin.PostAsJsonAsync("api/v1/users", new { username = Viewer, password = "viewer-passphrase", role = "Viewer" })).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync("api/v1/devices", new { deviceId = "ota-pump-1", name = "OTA pump" })).EnsureSuccessStatusCode();
            await host.Services.GetRequiredService<OtaListeners>().SubscribedAsync("ota-pump-1", "ota/devices/inform/ota-pump-1");
            var upload = await admin.PostAsync("api/v1/ota/packages", OtaRig.PackageForm(Encoding.ASCII.GetBytes("firmware")));
            var package = await upload.Content.ReadFromJsonAsync<JsonElement>();
            var created = await admin.PostAsJsonAsync("api/v1/ota/campaigns", new
            {
                name = "Later rollout", packageId = package.GetProperty("id").GetInt64(), targets = new { deviceIds = new[] { "ota-pump-1" } },
                startAt = DateTimeOffset.UtcNow.AddDays(1),
            });
            id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }
        var viewer = await ViewerSessionAsync(host);

        await using var ctx = new ConsoleComponentContext(app: host.Services);
        ctx.AddAuthorization().SetAuthorized(Viewer).SetRoles(Roles.Viewer).SetClaims([.. viewer.Claims.Where(c => c.Type != ClaimTypes.Name && c.Type != ClaimTypes.Role)]);
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<OtaCampaignPage>(p => p.Add(c => c.Id, id));
        cut.WaitForAssertion(() => Assert.Contains("Later rollout", cut.Markup));

        foreach (var (testId, yes) in new[] { ("ota-pause", "Pause"), ("ota-cancel", "Cancel campaign") })
        {
            var button = cut.FindComponents<MudButton>().Single(b => b.Instance.UserAttributes.TryGetValue("data-testid", out var t) && (string?)t == testId);
            Assert.True(button.Instance.Disabled);
            var click = cut.InvokeAsync(() => button.Instance.OnClick.InvokeAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs()));
            dialogs.WaitForAssertion(() => Assert.Contains(yes, dialogs.Find(".mud-dialog-actions").TextContent));
            dialogs.FindAll(".mud-dialog-actions button").Single(b => b.TextContent.Contains(yes)).Click();
            await click;
        }

        var shown = ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message).ToList();
        Assert.Contains("This needs the Operator role; you are Viewer.", shown);   // the snackbar folds the second, identical one
        // Neither ran: a pause would have left it paused, a cancel cancelled.
        var campaign = await host.Services.GetRequiredService<OtaCampaignService>().GetAsync(id, CancellationToken.None);
        Assert.Equal(OtaCampaignStates.Scheduled, campaign!.State);
    }

    /// <summary>A real session for the Viewer (the server-side check validates it), captured instead of written to a cookie.</summary>
    private static async Task<ClaimsPrincipal> ViewerSessionAsync(AppHost host)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>().CreateDbContextAsync();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Username == Viewer);
        var capture = new CapturedSignIn();
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton<IAuthenticationService>(capture).BuildServiceProvider() };
        await host.Services.GetRequiredService<UserSessions>().SignInAsync(http, user);
        return capture.Principal!;
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
