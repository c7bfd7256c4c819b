using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Browser;

/// <summary>The device page's Telemetry tab with what a broken device left behind: values JSON cannot carry, and many keys.</summary>
[Trait("Needs", "browser")]
public sealed class TelemetryTabLimitsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string DeviceId = "GH-0043";

    private static async Task<AppHost> StartWithDeviceAsync()
    {
        var host = await AppHost.StartWithAdminAsync();
        using var admin = await host.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("api/v1/devices", new
        {
            deviceId = DeviceId,
            name = "Greenhouse south",
            sensors = new object[]
            {
                new { valueKey = "temperature", name = "Temperature", unit = "°C", dataType = "number" },
                new { valueKey = "humidity", name = "Humidity", unit = "%", dataType = "number" },
            },
        })).EnsureSuccessStatusCode();
        return host;
    }

    private static TelemetryMessage Message(DateTimeOffset at, params (string Key, TelemetryValue Value)[] readings) =>
        new(DeviceId, at, readings.Select(r => new TelemetryReading(r.Key, r.Value)).ToList());

    private static async Task OpenTelemetryTabAsync(IPage page)
    {
        await ConsolePages.SignInAsync(page);
        await ConsolePages.WaitForShellAsync(page);
        await page.GotoAsync($"devices/{DeviceId}");
        await ConsolePages.WaitForShellAsync(page);
        await ConsolePages.OpenDeviceTabAsync(page, "Telemetry");
    }

    [Fact]
    public async Task Stored_infinities_and_nan_show_as_text_and_the_tab_keeps_updating()
    {
        await using var host = await StartWithDeviceAsync();
        var now = DateTimeOffset.UtcNow;
        // As an older version stored 1e400: straight into the database, past today's ingest checks (SQLite keeps NaN as NULL).
        var store = host.Services.GetRequiredService<TelemetryStore>();
        for (var i = 10; i > 0; i--)
        {
            store.WriteBatch([Message(now.AddMinutes(-i), ("temperature", TelemetryValue.FromNumber(i % 3 == 0 ? double.PositiveInfinity : 20 + i)),
                ("humidity", TelemetryValue.FromNumber(double.NaN)), ("pressure", TelemetryValue.FromNumber(double.NegativeInfinity)))]);
        }
        store.WriteBatch([Message(now.AddSeconds(-30), ("temperature", TelemetryValue.FromNumber(double.PositiveInfinity)))]);
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(Stored_infinities_and_nan_show_as_text_and_the_tab_keeps_updating), async () =>
        {
            await OpenTelemetryTabAsync(page);
            var temperature = page.Locator("[data-testid=telemetry-card][data-key=temperature] [data-testid=telemetry-value]");
            await Assertions.Expect(temperature).ToHaveTextAsync("Infinity");
            await Assertions.Expect(page.Locator("[data-testid=telemetry-card][data-key=humidity] [data-testid=telemetry-value]")).ToHaveTextAsync("NaN");
            await Assertions.Expect(page.Locator("[data-testid=undeclared-key][data-key=pressure]")).ToContainTextAsync("-Infinity");

            await host.Services.GetRequiredService<TelemetryIngest>().StoreAsync(Message(DateTimeOffset.UtcNow, ("temperature", TelemetryValue.FromNumber(23.75))), CancellationToken.None);

            // The circuit survived rendering them: the live update arrives.
            await Assertions.Expect(temperature).ToHaveTextAsync("23.75", new() { Timeout = 5_000 });
        });
    }

    [Fact]
    public async Task A_device_with_hundreds_of_keys_shows_them_a_page_at_a_time()
    {
        await using var host = await StartWithDeviceAsync();
        var readings = Enumerable.Range(0, 300).Select(i => ($"key{i:D3}", TelemetryValue.FromNumber(i))).ToArray();
        await host.Services.GetRequiredService<TelemetryIngest>().StoreAsync(Message(DateTimeOffset.UtcNow, readings), CancellationToken.None);
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(A_device_with_hundreds_of_keys_shows_them_a_page_at_a_time), async () =>
        {
            await OpenTelemetryTabAsync(page);
            var rows = page.GetByTestId("undeclared-key");
            await Assertions.Expect(rows).ToHaveCountAsync(50);
            await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-key", "key000");
            await Assertions.Expect(page.GetByTestId("undeclared-page")).ToContainTextAsync("1–50 of 300");

            await page.GetByTestId("undeclared-next").ClickAsync();

            await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-key", "key050");
            await Assertions.Expect(rows).ToHaveCountAsync(50);
            await Assertions.Expect(page.GetByTestId("undeclared-page")).ToContainTextAsync("51–100 of 300");
        });
    }
}
