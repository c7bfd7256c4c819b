using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Browser;

/// <summary>The MudBlazor device page: every tab on a phone, and what a real client reports on the Attributes and Events tabs.</summary>
[Trait("Needs", "browser")]
public sealed class DevicePageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Tabs = ["Overview", "Telemetry", "Attributes", "Events", "Status", "Messages", "Commands", "Credentials", "Settings"];

    private static async Task<(AppHost Host, string DeviceId, string Key)> StartWithDeviceAsync()
    {
        var host = await AppHost.StartWithAdminAsync();
        using var admin = await host.CreateSignedInClientAsync();
        var response = await admin.PostAsJsonAsync("api/v1/devices", new
        {
            deviceId = "GREENHOUSE-NORTH-0042",
            name = "Greenhouse north, bench 4, with a long descriptive name",
            tags = new[] { "greenhouse", "north" },
            sensors = new object[] { new { valueKey = "temperature", name = "Temperature", unit = "°C", dataType = "number" } },
            actuators = new object[]
            {
                new { key = "relay1", name = "Relay 1", type = "boolean" },
                new { key = "led_brightness", name = "LED brightness", type = "number", min = 0, max = 100 },
            },
        });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (host, created.GetProperty("deviceId").GetString()!, created.GetProperty("key").GetString()!);
    }

    private static async Task PublishAsync(string[] connect, string topic, string payload)
    {
        var run = await ProcessRunner.RunAsync("mosquitto_pub", [.. connect, "-t", topic, "-m", payload]);
        Assert.True(run.ExitCode == 0, $"mosquitto_pub {topic} exited {run.ExitCode}: {run.Error} {run.Output}");
    }

    private static Task<int> ScrollWidthAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

    [Fact]
    public async Task On_a_390_px_phone_every_tab_of_the_device_page_fits_and_the_commands_tab_shows_its_form()
    {
        var (host, deviceId, _) = await StartWithDeviceAsync();
        await using var _ = host;
        var page = await browser.NewPageAsync(host);
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.RunAsync(page, nameof(On_a_390_px_phone_every_tab_of_the_device_page_fits_and_the_commands_tab_shows_its_form), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await page.Locator("[data-circuit=live]").WaitForAsync();
            await page.GotoAsync("devices");
            await page.Locator("[data-circuit=live]").WaitForAsync();
            await page.GetByTestId("device-row").First.WaitForAsync();
            Assert.True(await ScrollWidthAsync(page) <= 390, $"the devices list is {await ScrollWidthAsync(page)} px wide");
            await BrowserFixture.SaveScreenshotAsync(page, "devices-list-390");

            await ConsolePages.OpenDeviceAsync(page, deviceId);
            var widths = new List<string>();
            foreach (var tab in Tabs)
            {
                await ConsolePages.OpenDeviceTabAsync(page, tab);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                if (tab == "Commands") await Assertions.Expect(page.GetByTestId("command-form")).ToBeVisibleAsync();
                if (tab is "Overview" or "Telemetry" or "Commands") await BrowserFixture.SaveScreenshotAsync(page, $"device-{tab.ToLowerInvariant()}-390");
                var width = await ScrollWidthAsync(page);
                if (width > 390) widths.Add($"{tab}: {width} px");
            }
            Assert.True(widths.Count == 0, "tabs wider than the screen: " + string.Join(", ", widths));
        });
    }

    [Fact]
    [Trait("Needs", "mosquitto")]
    public async Task Attributes_and_events_sent_by_mosquitto_pub_appear_on_their_tabs()
    {
        var (host, deviceId, key) = await StartWithDeviceAsync();
        await using var _ = host;
        string[] connect = ["-h", "127.0.0.1", "-p", host.Listener("mqtt").Port.ToString(), "-u", deviceId, "-P", key, "-i", $"device_{deviceId}_b", "-q", "1"];
        await PublishAsync(connect, "devices/attributes/301", """{"ip":"10.0.0.42","version":"3.2.1"}""");
        await PublishAsync(connect, "devices/event/302", """{"method":"DoorOpened","params":{"door":2}}""");
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(Attributes_and_events_sent_by_mosquitto_pub_appear_on_their_tabs), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await ConsolePages.OpenDeviceAsync(page, deviceId);
            await Assertions.Expect(page.GetByTestId("device-firmware")).ToHaveTextAsync("3.2.1");

            await ConsolePages.OpenDeviceTabAsync(page, "Attributes");
            await Assertions.Expect(page.Locator("[data-testid=attribute-value][data-key=ip]")).ToHaveTextAsync("\"10.0.0.42\"");
            await BrowserFixture.SaveScreenshotAsync(page, "device-attributes");

            await ConsolePages.OpenDeviceTabAsync(page, "Events");
            await Assertions.Expect(page.GetByTestId("event-method")).ToHaveTextAsync("DoorOpened");
            await Assertions.Expect(page.GetByTestId("event-params")).ToHaveTextAsync("""{"door":2}""");

            // Another event while the tab is open shows after a refresh, newest first.
            await PublishAsync(connect, "devices/event/303", """{"method":"DoorClosed"}""");
            await page.GetByTestId("events-refresh").ClickAsync();
            await Assertions.Expect(page.GetByTestId("event-method")).ToHaveTextAsync(["DoorClosed", "DoorOpened"]);
        });
    }
}
