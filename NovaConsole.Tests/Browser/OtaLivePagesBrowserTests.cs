using System.Security.Cryptography;
using Microsoft.Playwright;
using NovaConsole.Tests.Infrastructure;
using NovaConsole.Tests.Ota;

namespace NovaConsole.Tests.Browser;

/// <summary>
/// The campaign page follows a device's progress as it reports (live push, no reload and no polling), shows the batch
/// timeline, filters its device table; the device page's firmware tab lists the device's campaigns.
/// </summary>
[Trait("Needs", "browser")]
public sealed class OtaLivePagesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_campaign_page_shows_a_devices_progress_as_it_reports_without_a_reload()
    {
        await using var rig = await OtaRig.StartAsync();
        var packageId = (await rig.UploadAsync(RandomNumberGenerator.GetBytes(50_000), version: "2.0")).GetProperty("id").GetInt64();
        var reporting = await rig.ConnectDeviceAsync();
        reporting.Behaviour = SimBehaviour.Silent;
        var failing = await rig.ConnectDeviceAsync();
        failing.Behaviour = SimBehaviour.FailFlash;
        var id = await rig.CreateCampaignAsync(new
        {
            name = "Pump rollout", packageId, targets = new { deviceIds = new[] { failing.DeviceId, reporting.DeviceId, "no-such-device" } },
            rollout = new { batches = new object[] { 1, "100%" }, maxInFlight = 10 },
        });
        await Eventually.TrueAsync(() => reporting.Informs.Count == 1, "the reporting device is informed");

        var page = await browser.NewPageAsync(rig.Host);
        await BrowserFixture.RunAsync(page, nameof(The_campaign_page_shows_a_devices_progress_as_it_reports_without_a_reload), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GotoAsync($"ota/campaigns/{id}");
            await page.Locator("[data-circuit=live]").WaitForAsync();
            var row = page.Locator("tr", new() { Has = page.GetByTestId("ota-device-row").GetByText(reporting.DeviceId) });
            await Assertions.Expect(row.GetByTestId("ota-device-state")).ToContainTextAsync("informed");
            await Assertions.Expect(page.GetByTestId("ota-batch")).ToHaveCountAsync(2);

            // The page is not reloaded: a marker set in the DOM's window survives only without a navigation.
            await page.EvaluateAsync("() => window.__otaMarker = 42");
            await reporting.ReportAsync(37, desc: "writing flash");
            await Assertions.Expect(row.GetByTestId("ota-device-message")).ToContainTextAsync("37%");
            await Assertions.Expect(row.GetByTestId("ota-device-state")).ToContainTextAsync("in progress");
            await Assertions.Expect(page.GetByTestId("ota-count-inProgress")).ToContainTextAsync("1");
            Assert.Equal(42, await page.EvaluateAsync<int>("() => window.__otaMarker"));
            await BrowserFixture.SaveScreenshotAsync(page, "ota-campaign-live");

            // Filter the table to failed devices: only the flashing failure is left.
            await page.GetByTestId("ota-filter-state").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "failed" }).First.ClickAsync();
            await Assertions.Expect(page.GetByTestId("ota-device-row")).ToHaveCountAsync(1);
            await Assertions.Expect(page.GetByTestId("ota-device-row")).ToHaveTextAsync(failing.DeviceId);
            await Assertions.Expect(page.GetByTestId("ota-export")).ToHaveAttributeAsync("href", $"api/v1/ota/campaigns/{id}/devices.csv?state=failed");
            await BrowserFixture.SaveScreenshotAsync(page, "ota-campaign-filtered");

            await page.GotoAsync($"devices/{reporting.DeviceId}");
            await page.Locator("[data-circuit=live]").WaitForAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Firmware" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("ota-history-row")).ToHaveTextAsync("Pump rollout");
            await Assertions.Expect(page.GetByTestId("ota-history-state")).ToContainTextAsync("in progress");
            await reporting.ReportAsync(-4);
            await Assertions.Expect(page.GetByTestId("ota-history-state")).ToContainTextAsync("failed");
            await BrowserFixture.SaveScreenshotAsync(page, "device-ota-history");
        });
    }
}
