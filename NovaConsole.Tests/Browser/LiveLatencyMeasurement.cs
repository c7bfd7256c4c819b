using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NovaConsole.Tests.Browser;

/// <summary>
/// Not a benchmark with a verdict: stores values through TelemetryIngest while the device page's Telemetry tab is open
/// and writes how long each took to show in Chromium (store, commit, notification, circuit render, WebSocket, DOM; plus
/// Playwright's round trip). See it with
/// <c>dotnet test --filter LiveLatencyMeasurement --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Needs", "browser")]
[Trait("Category", "Measurement")]
public sealed class LiveLatencyMeasurement(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const int Samples = 50;
    private const string DeviceId = "LAT-1";

    [Fact]
    public async Task Publish_to_visible_latency_of_the_telemetry_tab_is_reported()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        using (var admin = await host.CreateSignedInClientAsync())
        {
            (await admin.PostAsJsonAsync("api/v1/devices", new
            {
                deviceId = DeviceId, name = "Latency probe",
                sensors = new[] { new { valueKey = "temperature", name = "Temperature", unit = "°C", dataType = "number" } },
            })).EnsureSuccessStatusCode();
        }
        var ingest = host.Services.GetRequiredService<TelemetryIngest>();
        var page = await browser.NewPageAsync(host);
        var latencies = new List<double>(Samples);
        await BrowserFixture.RunAsync(page, nameof(Publish_to_visible_latency_of_the_telemetry_tab_is_reported), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GotoAsync($"devices/{DeviceId}");
            await ConsolePages.WaitForShellAsync(page);
            await page.Locator(".rz-tabview-nav li").Filter(new() { HasText = "Telemetry" }).ClickAsync();
            await page.GetByTestId("telemetry-tab").WaitForAsync();
            const string shown = """
                expected => document.querySelector('[data-testid=telemetry-card][data-key=temperature] [data-testid=telemetry-value]')?.textContent === expected
                """;

            for (var i = 0; i < Samples + 5; i++)
            {
                var value = 100 + i + 0.25;
                var expected = value.ToString("#,0.##", CultureInfo.InvariantCulture);
                var watch = Stopwatch.StartNew();
                await ingest.StoreAsync(new TelemetryMessage(DeviceId, DateTimeOffset.UtcNow,
                    [new TelemetryReading("temperature", TelemetryValue.FromNumber(value))]), CancellationToken.None);
                await page.WaitForFunctionAsync(shown, expected, new() { PollingInterval = 1, Timeout = 10_000 });
                if (i >= 5) latencies.Add(watch.Elapsed.TotalMilliseconds); // the first few warm the JIT and the circuit
            }
        });

        latencies.Sort();
        output.WriteLine($"publish-to-visible over {latencies.Count} values: p50 {Percentile(latencies, 0.50):0.0} ms, " +
            $"p90 {Percentile(latencies, 0.90):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms, max {latencies[^1]:0.0} ms, min {latencies[0]:0.0} ms");
        Assert.Equal(Samples, latencies.Count);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
