using System.Net.Http.Json;
using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using NovaConsole.Components.Pages.Settings;
using NovaConsole.Settings;
using NovaConsole.Tests.Components.Bunit;
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

    [Fact]
    public async Task A_viewer_invoking_save_is_refused_and_nothing_changes()
    {
        var viewer = await ConsoleComponentContext.SignInOverHttpAsync(host, "vera", "sturdy-lantern-42");
        await using var bunit = ConsoleComponentContext.WithAppAuthorization(host, viewer);
        bunit.Services.AddSingleton(host.Services.GetRequiredService<SettingsService>());
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
