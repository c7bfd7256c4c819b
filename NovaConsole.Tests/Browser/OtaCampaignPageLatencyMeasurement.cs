using System.Globalization;
using System.Security.Cryptography;
using NovaConsole.Tests.Infrastructure;
using NovaConsole.Tests.Ota;
using Xunit.Abstractions;

namespace NovaConsole.Tests.Browser;

/// <summary>
/// Not a benchmark with a verdict: a device reports progress while its campaign's page is open, and this writes how long
/// each report took to show in Chromium (MQTT publish → OTA progress → OtaNotifications → the page's folded re-read →
/// circuit render → DOM, seen by a MutationObserver; both clocks are this host's). Background devices of the same
/// campaign report at the same time, so the page re-reads under a stream of changes. See it with
/// <c>dotnet test --filter OtaCampaignPageLatencyMeasurement --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Needs", "browser")]
[Trait("Category", "Measurement")]
public sealed class OtaCampaignPageLatencyMeasurement(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const int Samples = 30;
    private const int Background = 20;

    private const string SeenScript = """
        expected => new Promise(resolve => {
            const seen = () => [...document.querySelectorAll('[data-testid=ota-device-message]')].some(e => e.textContent.includes(expected));
            if (seen()) { resolve(Date.now()); return; }
            const observer = new MutationObserver(() => { if (seen()) { observer.disconnect(); resolve(Date.now()); } });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        })
        """;

    [Fact]
    public async Task Progress_to_visible_latency_of_the_campaign_page_is_reported()
    {
        await using var rig = await OtaRig.StartAsync();
        var packageId = (await rig.UploadAsync(RandomNumberGenerator.GetBytes(10_000), version: "2.0")).GetProperty("id").GetInt64();
        var fleet = new List<OtaSimDevice>();
        for (var i = 0; i <= Background; i++)
        {
            var d = await rig.ConnectDeviceAsync();
            d.Behaviour = SimBehaviour.Silent;
            fleet.Add(d);
        }
        var probe = fleet[0];
        var id = await rig.CreateCampaignAsync(new { name = "Latency", packageId, targets = new { deviceIds = fleet.Select(d => d.DeviceId).ToArray() } });
        await Eventually.TrueAsync(() => fleet.All(d => d.Informs.Count == 1), "every device is informed");

        var page = await browser.NewPageAsync(rig.Host);
        var latencies = new List<double>(Samples);
        await BrowserFixture.RunAsync(page, nameof(Progress_to_visible_latency_of_the_campaign_page_is_reported), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GotoAsync($"ota/campaigns/{id}");
            await page.Locator("[data-circuit=live]").WaitForAsync();
            await page.GetByTestId("ota-device-row").First.WaitForAsync();
            for (var i = 1; i <= Samples; i++)
            {
                var expected = $"{i}% (probe {i})";
                var shown = page.EvaluateAsync<long>(SeenScript, expected);
                var background = fleet.Skip(1).Select(d => d.ReportAsync(i, desc: "load")).ToArray();
                var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                await probe.ReportAsync(i, desc: $"probe {i}");
                latencies.Add(await shown - sent);
                await Task.WhenAll(background);
            }
        });
        latencies.Sort();
        string F(double v) => v.ToString("F0", CultureInfo.InvariantCulture);
        output.WriteLine($"campaign page, progress to visible over {Samples} reports ({Background} other devices reporting at the same time): " +
            $"p50 {F(latencies[Samples / 2])} ms, p90 {F(latencies[(int)(Samples * 0.9)])} ms, max {F(latencies[^1])} ms");
        Assert.Equal(Samples, latencies.Count);
    }
}
