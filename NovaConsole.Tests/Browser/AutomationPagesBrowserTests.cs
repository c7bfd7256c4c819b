using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Browser;

/// <summary>The rule editor, the schedules page and the device page's alarm badge in Chromium (screenshots kept).</summary>
[Trait("Needs", "browser")]
public sealed class AutomationPagesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_rule_editor_checks_as_you_type_tries_the_rule_and_saves_it()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        string deviceId;
        using (var admin = await host.CreateSignedInClientAsync())
        {
            var created = await (await admin.PostAsJsonAsync("api/v1/devices", new { name = "Greenhouse 1", tags = new[] { "greenhouse" } })).Content.ReadFromJsonAsync<JsonElement>();
            deviceId = created.GetProperty("deviceId").GetString()!;
            (await admin.PostAsJsonAsync("api/v1/rules", new
            {
                name = "morning vents", trigger = new { kind = "schedule", deviceId, cron = "0 7 * * 1-5", timeZone = "Europe/Berlin", missed = "once" },
                actions = new object[] { new { kind = "control", @params = new { vent = 1 } } },
            })).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync("api/v1/alarms", new { deviceId, type = "door-open", severity = "critical" })).EnsureSuccessStatusCode();
        }
        await host.Services.GetRequiredService<TelemetryIngest>().StoreAsync(
            new TelemetryMessage(deviceId, DateTimeOffset.UtcNow, [new TelemetryReading("temperature", TelemetryValue.FromNumber(31.5))]), CancellationToken.None);
        var rule = $$$"""
            {
              "name": "too hot",
              "trigger": {"kind": "threshold", "deviceId": "{{{deviceId}}}", "key": "temperature", "operator": ">", "value": 30, "deadband": 2},
              "conditions": {"all": [{"kind": "alarmActive", "type": "door-open"}, {"not": {"kind": "online"}}]},
              "actions": [{"kind": "alarm.raise", "type": "overheat"}, {"kind": "delay", "duration": "PT5M"}, {"kind": "alarm.clear", "type": "overheat"}]
            }
            """;
        // The browser is in Shanghai: the schedules page shows times there.
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await BrowserFixture.RunAsync(page, nameof(The_rule_editor_checks_as_you_type_tries_the_rule_and_saves_it), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GotoAsync("rules");
            await page.Locator("[data-circuit=live]").WaitForAsync();
            await page.GetByTestId("rule-new").ClickAsync();
            await page.GetByTestId("template-conditions").ClickAsync();
            await Assertions.Expect(page.GetByTestId("rule-valid")).ToBeVisibleAsync();

            var editor = page.Locator("textarea");
            await editor.FillAsync(rule.Replace("\"online\"", "\"onlin\""));
            await Assertions.Expect(page.GetByTestId("rule-problem")).ToContainTextAsync("conditions.all[1].not.kind: timeWindow, value, online or alarmActive");
            await editor.FillAsync(rule);
            await Assertions.Expect(page.GetByTestId("rule-valid")).ToBeVisibleAsync();

            await page.GetByTestId("rule-try").ClickAsync();
            await Assertions.Expect(page.Locator($"[data-testid=trial-row][data-device='{deviceId}']")).ToHaveAttributeAsync("data-fires", "true");
            await Assertions.Expect(page.GetByTestId("trial-condition")).ToHaveCountAsync(4);
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "rule-editor-try.png"), FullPage = true });

            await page.GetByTestId("rule-save").ClickAsync();
            await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/rules/\\d+$"));
            await Assertions.Expect(page.GetByTestId("rule-toggle")).ToBeVisibleAsync();

            await page.GotoAsync("schedules");
            await page.Locator("[data-circuit=live]").WaitForAsync();
            await Assertions.Expect(page.GetByTestId("schedule-row")).ToContainTextAsync("morning vents");
            await Assertions.Expect(page.GetByTestId("schedule-next")).ToHaveCountAsync(3);
            // 07:00 in Berlin shown as the same instant in Shanghai (14:00 in winter, 13:00 in summer).
            var first = page.GetByTestId("schedule-next").First.Locator("time");
            var instant = DateTimeOffset.Parse((await first.GetAttributeAsync("datetime"))!, System.Globalization.CultureInfo.InvariantCulture);
            var shanghai = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
            Assert.Equal(7, TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).Hour);
            await Assertions.Expect(first).ToHaveTextAsync(shanghai.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
            await BrowserFixture.SaveScreenshotAsync(page, "schedules");

            await ConsolePages.OpenDeviceAsync(page, deviceId);
            await Assertions.Expect(page.GetByTestId("device-alarm-badge")).ToHaveAttributeAsync("data-count", "1");
            await BrowserFixture.SaveScreenshotAsync(page, "device-alarm-badge");

            await ConsolePages.SwitchLanguageAsync(page, "zh");
            await page.GotoAsync("rules/new");
            await page.Locator("[data-circuit=live]").WaitForAsync();
            await page.GetByTestId("rule-try").ClickAsync();
            await Assertions.Expect(page.GetByTestId("rule-trial")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "rule-editor-zh.png"), FullPage = true });
        });

        using var check = await host.CreateSignedInClientAsync();
        var rules = await check.GetFromJsonAsync<JsonElement>("api/v1/rules");
        Assert.Contains(rules.EnumerateArray(), r => r.GetProperty("name").GetString() == "too hot" && r.GetProperty("conditions").ValueKind == JsonValueKind.Object);
    }
}
