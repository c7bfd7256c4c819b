using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NovaConsole.Devices.Presence;
using NovaConsole.Tests.Devices;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Browser;

/// <summary>
/// The devices list follows presence changes, but a burst of them (a site reconnecting) does not re-query and
/// re-render the page once per device: reloads are coalesced to at most one a second (Devices.PresenceReloadInterval).
/// </summary>
public sealed class DevicesListPresenceBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Four_hundred_presence_changes_on_screen_make_a_handful_of_updates_and_the_list_ends_current()
    {
        // EF logs every command it runs (event 20101): the list's queries (its page and its status counts) read devices.
        await using var host = await AppHost.StartWithAdminAsync("--Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command=Information");
        await DeviceSeed.InsertAsync(host.DataPath, 50);
        var presence = host.Services.GetRequiredService<DevicePresence>();
        var page = await browser.NewPageAsync(host);
        var frames = 0;
        var counting = false;
        var queries = 0;
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, _) => { if (Volatile.Read(ref counting)) Interlocked.Increment(ref frames); };
        await BrowserFixture.RunAsync(page, nameof(Four_hundred_presence_changes_on_screen_make_a_handful_of_updates_and_the_list_ends_current), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GotoAsync("devices");
            await ConsolePages.WaitForShellAsync(page);
            var first = page.Locator("[data-testid=device-presence][data-device='DEV-000001']");
            await Assertions.Expect(first).ToHaveAttributeAsync("data-status", "never_seen");

            var queriesBefore = PageQueries(host);
            Volatile.Write(ref counting, true);
            for (var round = 0; round < 20; round++)
            {
                for (var i = 1; i <= 10; i++)
                {
                    var deviceId = $"DEV-{i:D6}";
                    presence.SessionOpened(deviceId, $"s{round}", "mqtt", "127.0.0.1:50000");
                    presence.SessionClosed(deviceId, $"s{round}", "test");
                }
            }
            presence.SessionOpened("DEV-000001", "last", "mqtt", "127.0.0.1:50000");

            await Assertions.Expect(first).ToHaveAttributeAsync("data-status", "online");
            await Assertions.Expect(page.Locator("[data-testid=device-presence][data-device='DEV-000002']")).ToHaveAttributeAsync("data-status", "offline");
            Volatile.Write(ref counting, false);
            queries = PageQueries(host) - queriesBefore;
            await BrowserFixture.SaveScreenshotAsync(page, "devices-list-presence-burst");
        });
        // 401 changes of devices on screen: before the throttle they made 307 queries here, with it 7 (one reload).
        Assert.True(queries is >= 1 and <= 40, $"{queries} queries of the devices table, {frames} frames");
    }

    private static int PageQueries(AppHost host) => host.Logs.Lines.Count(l =>
        l.EventId == 20101 && l.Message.Contains("SELECT", StringComparison.Ordinal) && l.Message.Contains("FROM \"devices\"", StringComparison.Ordinal));
}
