using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Browser;

[Trait("Needs", "browser")]
[Trait("Needs", "mosquitto")]
public sealed class DeviceKeyBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static Task<ProcessResult> PublishAsync(AppHost host, string deviceId, string key) =>
        ProcessRunner.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", host.Listener("mqtt").Port.ToString(), "-u", deviceId, "-P", key,
            "-i", $"device_{deviceId}_ui", "-q", "1", "-t", "devices/telemetry", "-m", """{"temperature":22.5}"""]);

    [Fact]
    public async Task A_device_key_is_shown_once_and_a_reset_key_replaces_it_for_real_mqtt_clients()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var page = await browser.NewPageAsync(host);
        string deviceId = "", firstKey = "", secondKey = "";
        await BrowserFixture.RunAsync(page, nameof(A_device_key_is_shown_once_and_a_reset_key_replaces_it_for_real_mqtt_clients), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "Devices" }).ClickAsync();
            await page.GetByTestId("new-device").ClickAsync();
            await page.GetByTestId("device-name-input").FillAsync("Greenhouse sensor");
            await page.GetByTestId("create-device").ClickAsync();

            deviceId = (await page.GetByTestId("shown-device-id").TextContentAsync())!.Trim();
            firstKey = (await page.GetByTestId("shown-device-key").TextContentAsync())!.Trim();
            var fingerprint = host.Services.GetRequiredService<NovaConsole.Hosting.ServerCertificate>().FormattedFingerprint;
            await Assertions.Expect(page.GetByTestId("shown-fingerprint")).ToHaveTextAsync(fingerprint);
            await Assertions.Expect(ConsolePages.Dialog(page)).ToContainTextAsync(host.Listener("mqtt").Port.ToString());
            await BrowserFixture.SaveScreenshotAsync(page, "device-key-shown-once");
            await page.GetByTestId("create-done").ClickAsync();

            await page.GotoAsync($"devices/{deviceId}");
            await ConsolePages.WaitForShellAsync(page);
            await Assertions.Expect(page.GetByTestId("device-title")).ToHaveTextAsync("Greenhouse sensor");
            Assert.DoesNotContain(firstKey, await page.ContentAsync());
        });

        Assert.Matches(@"^DEV-\d{6}$", deviceId);
        Assert.Equal(0, (await PublishAsync(host, deviceId, firstKey)).ExitCode);

        await BrowserFixture.RunAsync(page, "device-key-reset", async () =>
        {
            await page.GetByTestId("reset-key").ClickAsync();
            await ConsolePages.ConfirmAsync(page, "Reset key");
            secondKey = (await page.GetByTestId("shown-device-key").TextContentAsync())!.Trim();
            await page.GetByTestId("key-dialog-done").ClickAsync();
        });

        Assert.NotEqual(firstKey, secondKey);
        var withOldKey = await PublishAsync(host, deviceId, firstKey);
        Assert.Contains("bad user name or password", withOldKey.Error + withOldKey.Output);
        Assert.Equal(0, (await PublishAsync(host, deviceId, secondKey)).ExitCode);

        // What was done in the console is in the audit log, with the signed-in user as the actor.
        using var admin = await host.CreateSignedInClientAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?object={deviceId}&take=50");
        var actions = audit.EnumerateArray()
            .Where(e => e.GetProperty("actor").GetString() == AppHost.AdminUser)
            .Select(e => e.GetProperty("action").GetString())
            .ToList();
        Assert.Contains("device.create", actions);
        Assert.Contains("device.key-reset", actions);
    }
}
