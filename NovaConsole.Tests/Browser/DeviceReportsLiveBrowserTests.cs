using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NovaConsole.Devices;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Browser;

/// <summary>The device page's Attributes and Events tabs show a device's new reports while open, without a reload or a click on refresh.</summary>
public sealed class DeviceReportsLiveBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Attributes_and_events_reported_while_their_tab_is_open_appear_without_a_reload()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        using var admin = await host.CreateSignedInClientAsync();
        var created = await (await admin.PostAsJsonAsync("api/v1/devices", new { name = "Reporter" })).Content.ReadFromJsonAsync<JsonElement>();
        var deviceId = created.GetProperty("deviceId").GetString()!;
        var attributes = host.Services.GetRequiredService<DeviceAttributes>();
        var events = host.Services.GetRequiredService<DeviceEvents>();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(Attributes_and_events_reported_while_their_tab_is_open_appear_without_a_reload), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await ConsolePages.OpenDeviceAsync(page, deviceId);

            await ConsolePages.OpenDeviceTabAsync(page, "Attributes");
            await page.GetByTestId("attributes-table").WaitForAsync();
            Assert.Null(await attributes.MergeAsync(deviceId, Json("""{"ip":"10.0.0.7","version":"1.2.3"}"""), CancellationToken.None));
            await Assertions.Expect(page.Locator("[data-testid=attribute-value][data-key=ip]")).ToHaveTextAsync("\"10.0.0.7\"");
            Assert.Null(await attributes.MergeAsync(deviceId, Json("""{"ip":"10.0.0.8"}"""), CancellationToken.None));
            await Assertions.Expect(page.Locator("[data-testid=attribute-value][data-key=ip]")).ToHaveTextAsync("\"10.0.0.8\"");
            await BrowserFixture.SaveScreenshotAsync(page, "device-attributes-live");

            await ConsolePages.OpenDeviceTabAsync(page, "Events");
            await page.GetByTestId("events-table").WaitForAsync();
            Assert.Null(await events.AddAsync(deviceId, "Overheat", Json("""{"temp":91}"""), CancellationToken.None));
            await Assertions.Expect(page.GetByTestId("event-method")).ToHaveTextAsync(["Overheat"]);
            Assert.Null(await events.AddAsync(deviceId, "Recovered", null, CancellationToken.None));
            await Assertions.Expect(page.GetByTestId("event-method")).ToHaveTextAsync(["Recovered", "Overheat"]);
            await BrowserFixture.SaveScreenshotAsync(page, "device-events-live");
        });
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
