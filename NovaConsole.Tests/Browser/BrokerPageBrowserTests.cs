using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Tests.Devices;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Browser;

/// <summary>The Broker page in a real Chromium, with a real device connected by mosquitto_sub.</summary>
[Trait("Needs", "browser")]
[Trait("Needs", "mosquitto")]
public sealed class BrokerPageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_sees_a_connected_device_and_disconnects_it()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var (deviceId, key) = await CreateDeviceAsync(host);
        var clientId = $"device_{deviceId}_{Guid.NewGuid():N}"[..40];
        await using var subscriber = StartSubscriber(host, deviceId, key, clientId);
        var connection = await WaitForClientAsync(host, clientId);
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(An_admin_sees_a_connected_device_and_disconnects_it), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "Broker" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Broker", Exact = true })).ToBeVisibleAsync();

            var client = page.Locator($"[data-connection='{ConnectionKey(connection)}']");
            var row = page.Locator("tr", new() { Has = client });
            await Assertions.Expect(client).ToHaveTextAsync(clientId);
            await Assertions.Expect(row.GetByTestId("subscription-count")).ToHaveTextAsync("2");
            await Assertions.Expect(row.GetByRole(AriaRole.Link, new() { Name = deviceId })).ToHaveAttributeAsync("href", $"devices/{deviceId}");
            await Assertions.Expect(page.GetByTestId("certificate-fingerprint")).ToContainTextAsync(":");
            await SaveFullPageAsync(page, "broker");
            await ConsolePages.ToggleThemeAsync(page);
            await Assertions.Expect(page.Locator("html[data-theme='dark']")).ToHaveCountAsync(1);
            await row.GetByTestId("toggle-subscriptions").ClickAsync();
            await Assertions.Expect(page.GetByTestId("client-subscriptions")).ToContainTextAsync($"devices/event/response/{deviceId}/+");
            // The page refreshes every 2 s; an expanded row stays expanded across refreshes.
            var uptime = await page.GetByTestId("stat-uptime").TextContentAsync();
            await Assertions.Expect(page.GetByTestId("stat-uptime")).Not.ToHaveTextAsync(uptime!);
            await Assertions.Expect(page.GetByTestId("client-subscriptions")).ToBeVisibleAsync();
            await SaveFullPageAsync(page, "broker-dark");

            await row.GetByRole(AriaRole.Button, new() { Name = $"Disconnect {clientId}" }).ClickAsync();
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Disconnect", Exact = true }).ClickAsync();

            await Assertions.Expect(page.GetByText($"Client disconnected: {clientId}")).ToBeVisibleAsync();
            await Assertions.Expect(client).ToHaveCountAsync(0);
        });

        // The kicked connection is gone, and mosquitto_sub saw it close: it reconnects (as it always does) as a new connection.
        var server = host.Services.GetRequiredService<IMqttServer>();
        Assert.DoesNotContain(server.GetClients(), c => c.ClientId == clientId && c.ConnectedSince == connection.ConnectedSince);
        await Eventually.TrueAsync(() => server.GetClients().Any(c => c.ClientId == clientId && c.ConnectedSince > connection.ConnectedSince),
            "mosquitto_sub reconnects after the kick");
    }

    [Fact]
    public async Task An_operator_sees_the_broker_page_without_any_disconnect_button()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        await CreateUserAsync(host, "otto", "operator-pass", "Operator");
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(An_operator_sees_the_broker_page_without_any_disconnect_button), async () =>
        {
            await ConsolePages.SignInAsync(page, "otto", "operator-pass");
            await ConsolePages.WaitForShellAsync(page, "otto");
            await page.GetByRole(AriaRole.Link, new() { Name = "Broker" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("no-clients")).ToBeVisibleAsync();
            await SaveFullPageAsync(page, "broker-empty");

            // The page refreshes itself: a device connecting now shows up without a reload.
            var (deviceId, key) = await CreateDeviceAsync(host);
            var clientId = $"device_{deviceId}_{Guid.NewGuid():N}"[..40];
            await using var subscriber = StartSubscriber(host, deviceId, key, clientId);
            var connection = await WaitForClientAsync(host, clientId);

            await Assertions.Expect(page.Locator($"[data-connection='{ConnectionKey(connection)}']")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("disconnect-client")).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Disconnect" })).ToHaveCountAsync(0);

            // In Chinese, the page's words come from the broker area of the text catalog.
            // (The language endpoint directly: the menu's forced reload raced the page's 2 s refresh here.)
            await page.GotoAsync("ui/language/zh-CN?returnUrl=%2Fbroker");
            await ConsolePages.WaitForShellAsync(page, "otto");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "消息代理", Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "已连接客户端" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator($"[data-connection='{ConnectionKey(connection)}']")).ToBeVisibleAsync();
            await SaveFullPageAsync(page, "broker-zh");
        });
    }

    [Fact]
    public async Task A_viewer_sees_no_broker_link_and_is_refused_the_broker_page()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        await CreateUserAsync(host, "vince", "viewer-pass", "Viewer");
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(A_viewer_sees_no_broker_link_and_is_refused_the_broker_page), async () =>
        {
            await ConsolePages.SignInAsync(page, "vince", "viewer-pass");
            await ConsolePages.WaitForShellAsync(page, "vince");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Broker" })).ToHaveCountAsync(0);

            await page.GotoAsync("broker");

            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/access-denied"));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("broker-listeners")).ToHaveCountAsync(0);
        });
    }

    private static async Task<(string DeviceId, string Key)> CreateDeviceAsync(AppHost host)
    {
        using var admin = await host.CreateSignedInClientAsync();
        var response = await admin.PostAsJsonAsync("api/v1/devices", new { name = "Broker page probe" });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<DeviceDto>();
        return (created!.DeviceId, created.Key!);
    }

    private static async Task CreateUserAsync(AppHost host, string username, string password, string role)
    {
        using var admin = await host.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("api/v1/users", new { username, password, role })).EnsureSuccessStatusCode();
    }

    /// <summary>mosquitto_sub with two subscriptions, left running (it reconnects after a lost connection).</summary>
    private static BackgroundProcess StartSubscriber(AppHost host, string deviceId, string key, string clientId) =>
        BackgroundProcess.Start("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", host.Listener("mqtt").Port.ToString(), "-u", deviceId, "-P", key, "-i", clientId, "-q", "1",
             "-t", $"devices/attributes/response/{deviceId}/+", "-t", $"devices/event/response/{deviceId}/+"]);

    private static async Task<MqttClientInfo> WaitForClientAsync(AppHost host, string clientId)
    {
        var server = host.Services.GetRequiredService<IMqttServer>();
        await Eventually.TrueAsync(() => server.GetClients().Any(c => c.ClientId == clientId && c.Subscriptions.Count == 2), "mosquitto_sub has subscribed");
        return server.GetClients().Single(c => c.ClientId == clientId);
    }

    /// <summary>The page's key for one connection (a reconnect with the same client id is another row).</summary>
    private static string ConnectionKey(MqttClientInfo client) => $"{client.ClientId}@{client.ConnectedSince.ToUnixTimeMilliseconds()}";

    /// <summary>The console scrolls inside its body, not the document, so a tall viewport shows the whole page.</summary>
    private static async Task SaveFullPageAsync(IPage page, string name)
    {
        await page.SetViewportSizeAsync(1400, 1500);
        await BrowserFixture.SaveScreenshotAsync(page, name);
        await page.SetViewportSizeAsync(1400, 900);
    }
}
