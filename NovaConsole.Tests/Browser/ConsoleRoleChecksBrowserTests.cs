using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Browser;

/// <summary>
/// A disabled button is only a hint: an attacker re-enables it in the browser and the circuit runs its handler. The
/// server must refuse. These drive the real console in Chromium as a Viewer would who edits the page.
/// </summary>
[Trait("Needs", "browser")]
public sealed class ConsoleRoleChecksBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Viewer = "vince";
    private const string ViewerPassword = "viewer-passphrase";

    private static async Task<AppHost> StartWithViewerAndDevicesAsync()
    {
        var host = await AppHost.StartWithAdminAsync();
        using var admin = await host.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("api/v1/users", new { username = Viewer, password = ViewerPassword, role = "Viewer" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("api/v1/devices", new
        {
            deviceId = "pump-1",
            name = "Pump with a relay",
            actuators = new object[] { new { key = "relay1", name = "Main relay", type = "boolean" } },
        })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("api/v1/devices", new { deviceId = "pump-2", name = "Pump without actuators" })).EnsureSuccessStatusCode();
        return host;
    }

    private static async Task OpenCommandsTabAsync(IPage page, string deviceId)
    {
        await page.GotoAsync($"devices/{deviceId}");
        await page.Locator("[data-circuit=live]").WaitForAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Commands" }).ClickAsync();
        await page.GetByTestId("command-form").WaitForAsync();
    }

    /// <summary>What the attacker does: take the disabled attribute away and click.</summary>
    private static async Task ForceClickAsync(ILocator button)
    {
        await Assertions.Expect(button).ToBeDisabledAsync();
        await button.EvaluateAsync("b => b.removeAttribute('disabled')");
        await Assertions.Expect(button).ToBeEnabledAsync();
        await button.DispatchEventAsync("click");
    }

    private static async Task<int> CommandCountAsync(AppHost host)
    {
        using var admin = await host.CreateSignedInClientAsync();
        var log = await admin.GetFromJsonAsync<JsonElement>("api/v1/commands");
        return log.GetArrayLength();
    }

    [Fact]
    public async Task A_viewer_who_re_enables_the_send_buttons_is_refused_by_the_server_and_nothing_is_sent()
    {
        await using var host = await StartWithViewerAndDevicesAsync();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(A_viewer_who_re_enables_the_send_buttons_is_refused_by_the_server_and_nothing_is_sent), async () =>
        {
            await ConsolePages.SignInAsync(page, Viewer, ViewerPassword);
            await ConsolePages.WaitForShellAsync(page, Viewer);

            // Control mode: the device declares an actuator.
            await OpenCommandsTabAsync(page, "pump-1");
            await ForceClickAsync(page.GetByTestId("send-control"));
            // MudButton keeps its Disabled state on the server and drops the click there, before any handler runs; the
            // handlers' own ConsoleAccess check stays behind it (An_operator_can_still_send... shows the same form works).
            await Assertions.Expect(page.GetByTestId("command-form")).ToBeVisibleAsync();

            // Custom mode: a device without actuators opens on the custom command form; the method box is re-enabled too.
            await OpenCommandsTabAsync(page, "pump-2");
            var method = page.GetByTestId("custom-method");
            await method.EvaluateAsync("i => i.removeAttribute('disabled')");
            await method.FillAsync("RebootDevice");
            await method.DispatchEventAsync("change");
            await ForceClickAsync(page.GetByTestId("send-custom"));
            await Assertions.Expect(page.GetByTestId("viewer-note")).ToBeVisibleAsync();

            await BrowserFixture.SaveScreenshotAsync(page, "viewer-forced-send-refused");
        });

        Assert.Equal(0, await CommandCountAsync(host));
    }

    [Fact]
    public async Task An_operator_can_still_send_from_the_same_form()
    {
        await using var host = await StartWithViewerAndDevicesAsync();
        using (var admin = await host.CreateSignedInClientAsync())
        {
            (await admin.PostAsJsonAsync("api/v1/users", new { username = "olga", password = "operator-passphrase", role = "Operator" })).EnsureSuccessStatusCode();
        }
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(An_operator_can_still_send_from_the_same_form), async () =>
        {
            await ConsolePages.SignInAsync(page, "olga", "operator-passphrase");
            await ConsolePages.WaitForShellAsync(page, "olga");
            await OpenCommandsTabAsync(page, "pump-2");
            await page.GetByTestId("custom-method").FillAsync("RebootDevice");
            await page.GetByTestId("send-custom").ClickAsync();
            await Assertions.Expect(page.GetByTestId("command-row")).ToHaveCountAsync(1);
        });

        Assert.Equal(1, await CommandCountAsync(host));
    }
}
