using System.Security.Claims;
using Bunit;
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
/// The campaign page's per-device retry and cancel buttons are disabled for a Viewer; their handlers, invoked directly
/// (past the disabled buttons and through the confirmation), are refused by the server-side check and change nothing.
/// An Operator's cancel through the same handler does change the task (so the refusal is the role check, not a broken button).
/// </summary>
public sealed class OtaDeviceActionRefusalTests
{
    private const string Viewer = "vera";

    [Fact]
    public async Task A_viewer_invoking_device_retry_and_cancel_is_refused_an_operator_is_not()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var id = await OtaRig.ViewerAndScheduledCampaignAsync(host, Viewer, "Valve rollout", "OTA valve", "ota-valve-1", "ota-valve-2");
        using (var admin = await host.CreateSignedInClientAsync())
        {
            (await admin.PostAsync($"api/v1/ota/campaigns/{id}/pause", null)).EnsureSuccessStatusCode();
        }
        var factory = host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            // The first device failed (a retry button), the second waits (a cancel button).
            await db.OtaTasks.Where(t => t.CampaignId == id && t.DeviceId == "ota-valve-1").ExecuteUpdateAsync(s => s
                .SetProperty(t => t.State, OtaTaskStates.Failed).SetProperty(t => t.FailureClass, OtaFailures.Download));
        }

        await using (var ctx = await ContextAsync(host, Viewer, Roles.Viewer))
        {
            var (cut, dialogs) = Render(ctx, id);
            await ForgedClick.ConfirmAsync(cut, dialogs, "ota-device-retry", "Retry", expectDisabled: true);
            await ForgedClick.ConfirmAsync(cut, dialogs, "ota-device-cancel", "Cancel", expectDisabled: true);
            Assert.Contains("This needs the Operator role; you are Viewer.", ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message));
        }
        Assert.Equal([OtaTaskStates.Failed, OtaTaskStates.Planned], await StatesAsync(factory, id));

        await using (var ctx = await ContextAsync(host, "admin", Roles.Admin))
        {
            var (cut, dialogs) = Render(ctx, id);
            await ForgedClick.ConfirmAsync(cut, dialogs, "ota-device-cancel", "Cancel", expectDisabled: false);
        }
        Assert.Equal([OtaTaskStates.Failed, OtaTaskStates.Cancelled], await StatesAsync(factory, id));
    }

    private static async Task<string[]> StatesAsync(IDbContextFactory<NovaDbContext> factory, long id)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.OtaTasks.Where(t => t.CampaignId == id).OrderBy(t => t.DeviceId).Select(t => t.State).ToArrayAsync();
    }

    private static (IRenderedComponent<OtaCampaignPage> Cut, IRenderedComponent<MudDialogProvider> Dialogs) Render(ConsoleComponentContext ctx, long id)
    {
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<OtaCampaignPage>(p => p.Add(c => c.Id, id));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=ota-device-row]").Count));
        return (cut, dialogs);
    }

    private static async Task<ConsoleComponentContext> ContextAsync(AppHost host, string username, string role)
    {
        var session = await ConsoleComponentContext.CapturedSessionAsync(host, username);
        var ctx = new ConsoleComponentContext(app: host.Services);
        var auth = ctx.AddAuthorization().SetAuthorized(username).SetRoles(role).SetClaims([.. session.Claims.Where(c => c.Type != ClaimTypes.Name && c.Type != ClaimTypes.Role)]);
        if (role == Roles.Admin) auth.SetPolicies(Policies.Operator, Policies.Admin);
        return ctx;
    }
}
