using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NovaConsole.Devices;
using NovaConsole.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NovaConsole.Tests.Browser;

/// <summary>
/// Figures, not assertions: with 1,000 devices, how long until the devices list is interactive (first rows shown and the
/// circuit live) and until a device page shows its title, in Chromium. Screenshots at 1440 px for people to look at.
/// </summary>
[Trait("Needs", "browser")]
[Trait("Category", "Measurement")]
public sealed class DevicePagesMeasurement(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const int Devices = 1000;

    [Fact]
    public async Task Devices_list_and_device_page_with_1000_devices()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var registry = host.Services.GetRequiredService<DeviceRegistry>();
        for (var i = 0; i < Devices; i++)
        {
            await registry.CreateAsync($"DEV-{i:D6}", new DeviceDraft($"Device {i:D4} in greenhouse {i % 12}", Tags: [$"zone{i % 5}"],
                Sensors: [new SensorDraft("temperature", "Temperature", "°C", "number")]));
        }
        var page = await browser.NewPageAsync(host);
        await page.SetViewportSizeAsync(1440, 900);
        await ConsolePages.SignInAsync(page);
        await ConsolePages.WaitForShellAsync(page);

        var list = new List<double>();
        var detail = new List<double>();
        for (var run = 0; run < 4; run++)
        {
            var clock = Stopwatch.StartNew();
            await page.GotoAsync("devices");
            await page.Locator("[data-circuit=live]").WaitForAsync();
            await page.GetByTestId("device-row").First.WaitForAsync();
            list.Add(clock.Elapsed.TotalMilliseconds);

            clock.Restart();
            await page.GotoAsync($"devices/DEV-{run * 97:D6}");
            await page.Locator("[data-circuit=live]").WaitForAsync();
            await page.GetByTestId("connect-card").WaitForAsync();
            detail.Add(clock.Elapsed.TotalMilliseconds);
        }
        await page.GotoAsync("devices");
        await page.GetByTestId("device-row").First.WaitForAsync();
        await BrowserFixture.SaveScreenshotAsync(page, "devices-list-1440");
        await page.GotoAsync("devices/DEV-000001");
        await page.GetByTestId("connect-card").WaitForAsync();
        await BrowserFixture.SaveScreenshotAsync(page, "device-overview-1440");
        await ConsolePages.OpenDeviceTabAsync(page, "Telemetry");
        await page.GetByTestId("telemetry-tab").WaitForAsync();
        await BrowserFixture.SaveScreenshotAsync(page, "device-telemetry-1440");

        // The first run includes the first render of each page type (JIT); the rest show a warm server.
        output.WriteLine($"devices list interactive with {Devices} devices: first {list[0]:0} ms, then {string.Join(" / ", list.Skip(1).Select(v => v.ToString("0")))} ms");
        output.WriteLine($"device page shown: first {detail[0]:0} ms, then {string.Join(" / ", detail.Skip(1).Select(v => v.ToString("0")))} ms");
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "novaconsole-device-pages-measurement.txt"),
            $"list {string.Join(",", list.Select(v => v.ToString("0")))}\ndetail {string.Join(",", detail.Select(v => v.ToString("0")))}\n");
    }
}
