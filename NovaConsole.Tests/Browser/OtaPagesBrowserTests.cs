using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NovaConsole.Ota;
using NovaConsole.Tests.Infrastructure;
using NovaConsole.Tests.Ota;

namespace NovaConsole.Tests.Browser;

/// <summary>The OTA pages in Chromium: upload a package and see its hash, preview and start a campaign, open its page.</summary>
[Trait("Needs", "browser")]
public sealed class OtaPagesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>A registered device that has subscribed to its inform topic (what makes it a campaign target).</summary>
    private static async Task AddListeningDeviceAsync(AppHost host, HttpClient admin, string deviceId)
    {
        (await admin.PostAsJsonAsync("api/v1/devices", new { deviceId, name = "OTA pump" })).EnsureSuccessStatusCode();
        await host.Services.GetRequiredService<OtaListeners>().SubscribedAsync(deviceId, $"ota/devices/inform/{deviceId}");
    }

    [Fact]
    public async Task An_operator_uploads_a_package_sees_its_hash_and_starts_a_campaign_after_a_dry_run()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        using (var admin = await host.CreateSignedInClientAsync())
        {
            await AddListeningDeviceAsync(host, admin, "ota-pump-1");
        }
        var bytes = Encoding.ASCII.GetBytes("NovaConsole test firmware 2.0\n");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var md5 = Convert.ToHexStringLower(MD5.HashData(bytes));
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(An_operator_uploads_a_package_sees_its_hash_and_starts_a_campaign_after_a_dry_run), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "Firmware (OTA)" }).ClickAsync();
            await page.GetByTestId("ota-packages-link").ClickAsync();
            await page.GetByTestId("ota-upload-form").WaitForAsync();

            await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "pump-2.0.bin", MimeType = "application/octet-stream", Buffer = bytes });
            await Assertions.Expect(page.GetByTestId("ota-file-name")).ToContainTextAsync("pump-2.0.bin");
            await page.Locator("#ota-name").FillAsync("Pump firmware");
            await page.Locator("#ota-version").FillAsync("2.0");
            await page.Locator("#ota-module").FillAsync("MCU");
            await page.Locator("#ota-extdata").FillAsync("{\"channel\": \"beta\"}");
            await page.GetByTestId("ota-upload").ClickAsync();

            await Assertions.Expect(page.GetByTestId("ota-upload-sha256")).ToContainTextAsync(sha256);
            await Assertions.Expect(page.GetByTestId("ota-upload-result")).ToContainTextAsync(md5);
            await Assertions.Expect(page.GetByTestId("ota-package-row")).ToHaveCountAsync(1);
            await BrowserFixture.SaveScreenshotAsync(page, "ota-packages");

            await page.GotoAsync("ota/campaigns");
            await page.Locator("[data-circuit=live]").WaitForAsync();
            await page.Locator("#ota-campaign-name").FillAsync("Pump rollout");
            await page.Locator("#ota-campaign-devices").FillAsync("ota-pump-1, no-such-device");
            await page.Locator("#ota-campaign-batches").FillAsync("1");
            await page.GetByTestId("ota-dry-run").ClickAsync();
            await Assertions.Expect(page.GetByTestId("ota-preview-targets")).ToHaveTextAsync("Targets: 1");
            await Assertions.Expect(page.GetByTestId("ota-preview-exclusion")).ToHaveTextAsync("no-such-device: unknown device");
            await Assertions.Expect(page.GetByTestId("ota-start")).ToBeEnabledAsync();
            // Right after the preview the Start button already has its full primary colour (a colour fade made it look disabled).
            var startColour = await page.GetByTestId("ota-start").EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor");
            var primary = await page.GetByTestId("ota-dry-run").EvaluateAsync<string>("b => getComputedStyle(b).color");
            Assert.Equal(primary, startColour);
            await BrowserFixture.SaveScreenshotAsync(page, "ota-campaigns-preview");

            await page.GetByTestId("ota-start").ClickAsync();
            await Assertions.Expect(page.GetByTestId("ota-campaign-row")).ToHaveTextAsync("Pump rollout");
            await BrowserFixture.SaveScreenshotAsync(page, "ota-campaigns");

            await page.GetByTestId("ota-campaign-row").ClickAsync();
            await Assertions.Expect(page.GetByTestId("ota-device-row")).ToHaveTextAsync("ota-pump-1");
            await Assertions.Expect(page.GetByTestId("ota-counts")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "ota-campaign");
        });

        using var check = await host.CreateSignedInClientAsync();
        var packages = await check.GetFromJsonAsync<JsonElement>("api/v1/ota/packages");
        Assert.Equal(sha256, packages[0].GetProperty("sha256").GetString());
        Assert.Equal(bytes.Length, packages[0].GetProperty("size").GetInt64());
        var campaigns = await check.GetFromJsonAsync<JsonElement>("api/v1/ota/campaigns");
        Assert.Equal("Pump rollout", Assert.Single(campaigns.EnumerateArray()).GetProperty("name").GetString());
    }
}
