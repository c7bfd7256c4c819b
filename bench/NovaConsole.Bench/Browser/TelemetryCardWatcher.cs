using System.Text.Json;
using Microsoft.Playwright;
using NovaConsole.Bench.Devices;

namespace NovaConsole.Bench.Browser;

/// <summary>One change of the watched value as the page saw it: the text, the DOM mutation time and the next frame's start (Unix ms).</summary>
internal readonly record struct CardChange(string Text, double DomAtUnixMs, double? FrameAtUnixMs);

/// <summary>
/// live-latency's browser: headless Debian Chromium (no browser download here) signed in through the login page like
/// the console's browser tests, on one device's Telemetry tab, with a MutationObserver that notes every change of the
/// value of one telemetry card together with <c>Date.now()</c> (the machine's wall clock, as the publisher's).
/// </summary>
internal sealed class TelemetryCardWatcher : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // The card's value element is re-created on every update (@key per version), so the observer watches the whole
    // tab and reads the value again on each mutation batch; a rAF stamp marks the frame that paints it.
    private const string InstallObserver = """
        key => {
          const selector = `[data-testid=telemetry-card][data-key="${key}"] [data-testid=telemetry-value]`;
          const root = document.querySelector('[data-testid=telemetry-tab]') ?? document.body;
          const changes = window.__novaChanges = [];
          let last = document.querySelector(selector)?.textContent ?? null;
          new MutationObserver(() => {
            const now = Date.now();
            const text = document.querySelector(selector)?.textContent ?? null;
            if (text === null || text === last) return;
            last = text;
            const change = [text, now, null];
            changes.push(change);
            requestAnimationFrame(() => { change[2] = Date.now(); });
          }).observe(root, { subtree: true, childList: true, characterData: true });
          return last;
        }
        """;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;

    private TelemetryCardWatcher(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
    }

    /// <summary>Signs in, opens the device page, waits for the live circuit, opens the Telemetry tab and installs the observer.</summary>
    public static async Task<TelemetryCardWatcher> OpenAsync(Uri console, string deviceId, string key, string failureScreenshot)
    {
        var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        IBrowser? browser = null;
        IPage? page = null;
        try
        {
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic"],
            }).ConfigureAwait(false);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = console.ToString(),
                ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            }).ConfigureAwait(false);
            // Bounded: every wait below gives up after 60 s (a loaded 2-core host is slow to render the first page).
            context.SetDefaultTimeout(60_000);
            page = await context.NewPageAsync().ConfigureAwait(false);

            await page.GotoAsync("login").ConfigureAwait(false);
            await page.FillAsync("#username", NovaApi.UserName).ConfigureAwait(false);
            await page.FillAsync("#password", NovaApi.Password).ConfigureAwait(false);
            await page.ClickAsync("button[type=submit]").ConfigureAwait(false);
            await page.GetByTestId("signed-in-user").Filter(new() { HasText = NovaApi.UserName }).WaitForAsync().ConfigureAwait(false);

            await page.GotoAsync($"devices/{deviceId}").ConfigureAwait(false);
            await page.Locator("[data-circuit=live]").WaitForAsync().ConfigureAwait(false);
            await page.Locator(".rz-tabview-nav li").Filter(new() { HasText = "Telemetry" }).ClickAsync().ConfigureAwait(false);
            await page.Locator($"[data-testid=telemetry-card][data-key=\"{key}\"]").WaitForAsync().ConfigureAwait(false);
            await page.EvaluateAsync(InstallObserver, key).ConfigureAwait(false);
            return new TelemetryCardWatcher(playwright, browser, page);
        }
        catch
        {
            // Bounded by the default timeout; a person looks at what the page showed.
            if (page is not null) await page.ScreenshotAsync(new PageScreenshotOptions { Path = failureScreenshot, FullPage = true }).ConfigureAwait(false);
            Console.Error.WriteLine($"live-latency: the page did not open; screenshot {failureScreenshot}");
            if (browser is not null) await browser.DisposeAsync().ConfigureAwait(false);
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>True once the card shows <paramref name="text"/> (polled; for waiting, not for timing).</summary>
    public async Task<bool> WaitForTextAsync(string key, string text, TimeSpan timeout)
    {
        try
        {
            await _page.WaitForFunctionAsync("""
                ([key, text]) => document.querySelector(`[data-testid=telemetry-card][data-key="${key}"] [data-testid=telemetry-value]`)?.textContent === text
                """, new object[] { key, text }, new() { PollingInterval = 20, Timeout = (float)timeout.TotalMilliseconds }).ConfigureAwait(false);
            return true;
        }
        catch (System.TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Every change the observer noted since it was installed, in order.</summary>
    public async Task<List<CardChange>> ReadChangesAsync()
    {
        var changes = await _page.EvaluateAsync<JsonElement>("() => window.__novaChanges ?? []").ConfigureAwait(false);
        var result = new List<CardChange>(changes.GetArrayLength());
        foreach (var c in changes.EnumerateArray())
        {
            result.Add(new CardChange(c[0].GetString() ?? "", c[1].GetDouble(), c[2].ValueKind == JsonValueKind.Number ? c[2].GetDouble() : null));
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync().ConfigureAwait(false);
        _playwright.Dispose();
    }
}
