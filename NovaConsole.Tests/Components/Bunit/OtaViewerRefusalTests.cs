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
        var id = await OtaRig.ViewerAndScheduledCampaignAsync(host, Viewer, "Later rollout", "OTA pump", "ota-pump-1");
        var viewer = await ConsoleComponentContext.CapturedSessionAsync(host, Viewer);

        await using var ctx = new ConsoleComponentContext(app: host.Services);
        ctx.AddAuthorization().SetAuthorized(Viewer).SetRoles(Roles.Viewer).SetClaims([.. viewer.Claims.Where(c => c.Type != ClaimTypes.Name && c.Type != ClaimTypes.Role)]);
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<OtaCampaignPage>(p => p.Add(c => c.Id, id));
        cut.WaitForAssertion(() => Assert.Contains("Later rollout", cut.Markup));

        foreach (var (testId, yes) in new[] { ("ota-pause", "Pause"), ("ota-cancel", "Cancel campaign") })
        {
            await ForgedClick.ConfirmAsync(cut, dialogs, testId, yes, expectDisabled: true);
        }

        var shown = ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message).ToList();
        Assert.Contains("This needs the Operator role; you are Viewer.", shown);   // the snackbar folds the second, identical one
        // Neither ran: a pause would have left it paused, a cancel cancelled.
        var campaign = await host.Services.GetRequiredService<OtaCampaignService>().GetAsync(id, CancellationToken.None);
        Assert.Equal(OtaCampaignStates.Scheduled, campaign!.State);
    }
}
