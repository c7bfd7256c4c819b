using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NovaConsole.Devices;
using NovaConsole.Devices.Presence;
using NovaConsole.Devices.Traffic;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Browser;

[Trait("Needs", "browser")]
public sealed class DeviceLiveBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string DeviceId = "GH-0042";

    private static async Task<AppHost> StartWithDeviceAsync()
    {
        var host = await AppHost.StartWithAdminAsync();
        using var admin = await host.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("api/v1/devices", new
        {
            deviceId = DeviceId,
            name = "Greenhouse north",
            tags = new[] { "greenhouse" },
            sensors = new object[]
            {
                new { valueKey = "temperature", name = "Temperature", unit = "°C", dataType = "number" },
                new { valueKey = "humidity", name = "Humidity", unit = "%", dataType = "number" },
                new { valueKey = "pump", name = "Pump", dataType = "boolean" },
            },
        })).EnsureSuccessStatusCode();
        return host;
    }

    private static Task StoreAsync(AppHost host, DateTimeOffset at, params (string Key, TelemetryValue Value)[] readings) =>
        host.Services.GetRequiredService<TelemetryIngest>().StoreAsync(
            new TelemetryMessage(DeviceId, at, readings.Select(r => new TelemetryReading(r.Key, r.Value)).ToList()), CancellationToken.None);

    private static async Task OpenDeviceTabAsync(IPage page, string tab)
    {
        await ConsolePages.SignInAsync(page);
        await ConsolePages.WaitForShellAsync(page);
        await page.GotoAsync($"devices/{DeviceId}");
        await ConsolePages.WaitForShellAsync(page);
        await ConsolePages.OpenDeviceTabAsync(page, tab);
    }

    [Fact]
    public async Task The_online_badge_in_the_device_list_changes_when_a_session_opens()
    {
        await using var host = await StartWithDeviceAsync();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(The_online_badge_in_the_device_list_changes_when_a_session_opens), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GotoAsync("devices");
            await ConsolePages.WaitForShellAsync(page);
            var badge = page.Locator($"[data-testid=device-presence][data-device='{DeviceId}']");
            await Assertions.Expect(badge).ToHaveTextAsync("Never seen");

            host.Services.GetRequiredService<DevicePresence>().SessionOpened(DeviceId, "s1", "mqtt", "127.0.0.1:50000");

            await Assertions.Expect(badge).ToHaveTextAsync("Online", new() { Timeout = 5_000 });
            await Assertions.Expect(badge).ToHaveAttributeAsync("data-status", "online");
        });
    }

    [Fact]
    public async Task A_value_stored_through_ingest_appears_in_the_open_telemetry_tab()
    {
        await using var host = await StartWithDeviceAsync();
        var now = DateTimeOffset.UtcNow;
        for (var i = 30; i > 0; i--)
        {
            await StoreAsync(host, now.AddMinutes(-i), ("temperature", TelemetryValue.FromNumber(20 + Math.Sin(i / 4.0) * 2)),
                ("humidity", TelemetryValue.FromNumber(55 + Math.Cos(i / 5.0) * 6)));
        }
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(A_value_stored_through_ingest_appears_in_the_open_telemetry_tab), async () =>
        {
            await OpenDeviceTabAsync(page, "Telemetry");
            var temperature = page.Locator("[data-testid=telemetry-card][data-key=temperature] [data-testid=telemetry-value]");
            await Assertions.Expect(temperature).ToBeVisibleAsync();

            await StoreAsync(host, DateTimeOffset.UtcNow, ("temperature", TelemetryValue.FromNumber(23.75)), ("pump", TelemetryValue.FromBoolean(true)));

            await Assertions.Expect(temperature).ToHaveTextAsync("23.75", new() { Timeout = 5_000 });
            await Assertions.Expect(page.Locator("[data-testid=telemetry-card][data-key=pump] [data-testid=telemetry-value]")).ToHaveTextAsync("On");
            await Assertions.Expect(page.Locator("[data-testid=telemetry-chart] svg path").First).ToBeAttachedAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "device-telemetry-light");
        });
    }

    [Fact]
    public async Task An_undeclared_key_is_listed_and_declare_as_sensor_makes_it_a_declared_sensor()
    {
        await using var host = await StartWithDeviceAsync();
        await StoreAsync(host, DateTimeOffset.UtcNow, ("temperature", TelemetryValue.FromNumber(21)), ("co2", TelemetryValue.FromNumber(612)),
            ("gps", TelemetryValue.FromJson("""{ "lat": 52.52, "lon": 13.40 }""")), ("mode", TelemetryValue.FromText("eco")));
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(An_undeclared_key_is_listed_and_declare_as_sensor_makes_it_a_declared_sensor), async () =>
        {
            await OpenDeviceTabAsync(page, "Telemetry");
            var co2 = page.Locator("[data-testid=undeclared-key][data-key=co2]");
            await Assertions.Expect(co2).ToContainTextAsync("612");
            await Assertions.Expect(page.Locator("[data-testid=undeclared-key][data-key=gps]")).ToContainTextAsync("""{"lat":52.52,"lon":13.40}""");
            await Assertions.Expect(page.Locator("[data-testid=undeclared-key][data-key=mode]")).ToContainTextAsync("eco");

            await co2.GetByTestId("declare-sensor").ClickAsync();

            await Assertions.Expect(page.Locator("[data-testid=telemetry-card][data-key=co2] [data-testid=telemetry-value]")).ToHaveTextAsync("612");
            await Assertions.Expect(co2).ToHaveCountAsync(0);
        });

        var device = await host.Services.GetRequiredService<DeviceRegistry>().GetAsync(DeviceId);
        var sensor = Assert.Single(device!.Sensors, s => s.ValueKey == "co2");
        Assert.Equal("number", sensor.DataType);
    }

    [Fact]
    public async Task The_live_messages_panel_shows_an_entry_recorded_by_a_transport()
    {
        await using var host = await StartWithDeviceAsync();
        var traffic = host.Services.GetRequiredService<DeviceTraffic>();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(The_live_messages_panel_shows_an_entry_recorded_by_a_transport), async () =>
        {
            await OpenDeviceTabAsync(page, "Messages");
            await Assertions.Expect(page.GetByTestId("messages-tab")).ToContainTextAsync("Waiting for traffic");

            var at = DateTimeOffset.UtcNow;
            traffic.Record(new TrafficEntry(DeviceId, at, TrafficDirection.FromDevice, "mqtt", $"novacloud/devices/{DeviceId}/data",
                """{"temperature":22.4,"humidity":57}"""));
            traffic.Record(new TrafficEntry(DeviceId, at.AddMilliseconds(40), TrafficDirection.ToDevice, "mqtt", $"novacloud/devices/{DeviceId}/command",
                """{"command_id":"c-17","command":"set","params":{"pump":true}}"""));
            traffic.Record(new TrafficEntry(DeviceId, at.AddMilliseconds(90), TrafficDirection.Refused, "tcp", "data",
                "refused: value 'humidity' is not a number: " + new string('x', 200)));

            var rows = page.GetByTestId("message-row");
            await Assertions.Expect(rows).ToHaveCountAsync(3, new() { Timeout = 5_000 });
            await Assertions.Expect(rows.First).ToContainTextAsync("Refused");
            await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("\"temperature\":22.4");
            await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("From device");
            await BrowserFixture.SaveScreenshotAsync(page, "device-messages-light");

            await page.GetByTestId("messages-pause").ClickAsync();
            // The click is handled on the server; the pill shows once the circuit is paused.
            await Assertions.Expect(page.GetByTestId("messages-tab")).ToContainTextAsync("Paused");
            traffic.Record(new TrafficEntry(DeviceId, DateTimeOffset.UtcNow, TrafficDirection.FromDevice, "tcp", "heartbeat", "{}"));
            await Assertions.Expect(page.GetByTestId("messages-tab")).ToContainTextAsync("1 new");
            await Assertions.Expect(rows).ToHaveCountAsync(3);
            await page.GetByTestId("messages-pause").ClickAsync();
            await Assertions.Expect(rows).ToHaveCountAsync(4);
            await page.GetByTestId("messages-clear").ClickAsync();
            await Assertions.Expect(rows).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task The_status_tab_shows_the_current_presence_and_the_history_newest_first()
    {
        await using var host = await StartWithDeviceAsync();
        var presence = host.Services.GetRequiredService<DevicePresence>();
        presence.SessionOpened(DeviceId, "s1", "tcp", "192.168.1.40:51234");
        presence.SessionClosed(DeviceId, "s1", "keep-alive expired");
        presence.SessionOpened(DeviceId, "s2", "mqtt", "192.168.1.40:51240");
        await Eventually.GetAsync(() => host.Services.GetRequiredService<PresenceHistory>().ReadAsync(DeviceId, 10), h => h.Count >= 3);
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(The_status_tab_shows_the_current_presence_and_the_history_newest_first), async () =>
        {
            await OpenDeviceTabAsync(page, "Status");
            await Assertions.Expect(page.GetByTestId("status-now")).ToContainTextAsync("Online since");

            presence.StatusReported(DeviceId, "error", "humidity sensor not responding");

            await Assertions.Expect(page.GetByTestId("status-reason").First).ToHaveTextAsync("reported: error (humidity sensor not responding)", new() { Timeout = 5_000 });
            await Assertions.Expect(page.GetByTestId("status-reason")).ToHaveCountAsync(4);
            await Assertions.Expect(page.GetByTestId("device-online")).ToHaveTextAsync("Online");
            await BrowserFixture.SaveScreenshotAsync(page, "device-status-light");

            presence.SessionClosed(DeviceId, "s2", "client disconnected");
            await Assertions.Expect(page.GetByTestId("device-online")).ToHaveTextAsync("Offline", new() { Timeout = 5_000 });
            await Assertions.Expect(page.GetByTestId("status-now")).ToContainTextAsync("Offline since");
        });
    }

    [Fact]
    public async Task The_telemetry_tab_reads_well_in_the_dark_theme()
    {
        await using var host = await StartWithDeviceAsync();
        var now = DateTimeOffset.UtcNow;
        for (var i = 40; i > 0; i--)
        {
            await StoreAsync(host, now.AddMinutes(-i), ("temperature", TelemetryValue.FromNumber(19 + Math.Sin(i / 5.0) * 2.5)));
        }
        await StoreAsync(host, now, ("humidity", TelemetryValue.FromNumber(61.5)), ("pump", TelemetryValue.FromBoolean(false)),
            ("rssi", TelemetryValue.FromNumber(-67)), ("gps", TelemetryValue.FromJson("""{"lat":52.52,"lon":13.405}""")));
        var page = await browser.NewPageAsync(host);
        await page.Context.AddCookiesAsync([new Cookie { Name = "novaconsole.theme", Value = "material-dark", Url = host.BaseAddress.ToString() }]);
        await BrowserFixture.RunAsync(page, nameof(The_telemetry_tab_reads_well_in_the_dark_theme), async () =>
        {
            await OpenDeviceTabAsync(page, "Telemetry");
            await Assertions.Expect(page.Locator("[data-testid=telemetry-card][data-key=humidity] [data-testid=telemetry-value]")).ToHaveTextAsync("61.5");
            await Assertions.Expect(page.Locator("[data-testid=telemetry-chart] svg path").First).ToBeAttachedAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "device-telemetry-dark");
        });
    }

    [Fact]
    public async Task The_dashboard_counts_online_devices_and_stored_messages_while_it_is_open()
    {
        await using var host = await StartWithDeviceAsync();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(The_dashboard_counts_online_devices_and_stored_messages_while_it_is_open), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await Assertions.Expect(page.GetByTestId("stat-online")).ToHaveTextAsync("0");

            host.Services.GetRequiredService<DevicePresence>().SessionOpened(DeviceId, "s1", "mqtt", null);
            for (var i = 0; i < 5; i++) await StoreAsync(host, DateTimeOffset.UtcNow, ("temperature", TelemetryValue.FromNumber(20 + i)));

            await Assertions.Expect(page.GetByTestId("stat-online")).ToHaveTextAsync("1", new() { Timeout = 8_000 });
            await Assertions.Expect(page.GetByTestId("stat-stored")).ToHaveTextAsync("5", new() { Timeout = 8_000 });
            await Assertions.Expect(page.GetByTestId("stat-devices")).ToHaveTextAsync("1");
            await BrowserFixture.SaveScreenshotAsync(page, "dashboard-light");
        });
    }
}
