using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NovaConsole.Devices.Presence;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Browser;

/// <summary>What a device says about itself reaches the console: its reported status (seed 004 §2.6) and a wrong clock (§2.4).</summary>
public sealed class DeviceReportedStateBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_devices_list_and_device_page_show_a_reported_error_beside_online_and_a_device_clock_that_is_off()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        using var admin = await host.CreateSignedInClientAsync();
        var created = await (await admin.PostAsJsonAsync("api/v1/devices", new { name = "Clockless" })).Content.ReadFromJsonAsync<JsonElement>();
        var deviceId = created.GetProperty("deviceId").GetString()!;
        var key = created.GetProperty("key").GetString()!;
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(The_devices_list_and_device_page_show_a_reported_error_beside_online_and_a_device_clock_that_is_off), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GotoAsync("devices");
            await ConsolePages.WaitForShellAsync(page);
            await Assertions.Expect(page.Locator($"[data-testid=device-presence][data-device='{deviceId}']")).ToHaveTextAsync("Never seen");

            var presence = host.Services.GetRequiredService<DevicePresence>();
            presence.SessionOpened(deviceId, "s1", "mqtt", "127.0.0.1:50000");
            presence.StatusReported(deviceId, "error");

            await Assertions.Expect(page.Locator("[data-testid=device-reported-status]")).ToHaveTextAsync("reports error", new() { Timeout = 5_000 });

            var published = await ProcessRunner.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", host.Listener("mqtt").Port.ToString(),
                "-u", deviceId, "-P", key, "-i", $"device_{deviceId}_data", "-q", "1", "-t", $"novacloud/devices/{deviceId}/data",
                "-m", """{"timestamp":1651234567,"temperature":25.5}"""]);
            Assert.Equal(0, published.ExitCode);
            await Eventually.GetAsync(() => admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}"),
                d => d.GetProperty("deviceClock").ValueKind == JsonValueKind.Object);

            await page.GotoAsync($"devices/{deviceId}");
            await ConsolePages.WaitForShellAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=device-reported-status]")).ToHaveTextAsync("reports error");
            await Assertions.Expect(page.Locator("[data-testid=device-clock-offset]")).ToContainTextAsync("device clock off by");
        });
    }
}
