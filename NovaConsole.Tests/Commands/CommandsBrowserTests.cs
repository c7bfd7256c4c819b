using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NovaConsole.Devices.Adapters;
using NovaConsole.Devices.Presence;
using NovaConsole.Devices.Tcp;
using NovaConsole.Tests.Devices.Tcp;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Commands;

[Trait("Needs", "browser")]
public sealed class CommandsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task<string> CreateDeviceAsync(AppHost host, string deviceId)
    {
        using var admin = await host.CreateSignedInClientAsync();
        var response = await admin.PostAsJsonAsync("api/v1/devices", new
        {
            deviceId,
            name = "Greenhouse pump",
            actuators = new object[]
            {
                new { key = "relay1", name = "Main relay", type = "boolean" },
                new { key = "led_brightness", name = "LED brightness", type = "number", min = 0, max = 100 },
                new { key = "mode", name = "Mode", type = "enum", options = new[] { "eco", "boost" } },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>A device on an in-memory TCP connection registered with the app's own sessions and command transport.</summary>
    private static async Task<TcpDeviceClient> ConnectAsync(AppHost host, string deviceId, string key)
    {
        var hooks = new CommandTcpHooks(new() { [deviceId] = key }, host.Services.GetRequiredService<TcpCommandTransport>(),
            host.Services.GetRequiredService<DevicePresence>());
        var device = new TcpDeviceClient(new DeviceTcpOptions(), hooks, host.Services.GetRequiredService<DeviceTcpSessions>(), new ManualTimeProvider());
        await device.SendLineAsync(new { type = "auth", device_id = deviceId, device_key = key });
        Assert.Equal("success", (await device.ExpectAsync("auth_result")).GetProperty("result").GetString());
        return device;
    }

    private static async Task OpenCommandsTabAsync(IPage page, string deviceId)
    {
        await page.GotoAsync($"devices/{deviceId}");
        // Tabs switch once the circuit is live; a click on the prerendered page would be lost.
        await page.Locator("[data-circuit=live]").WaitForAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Commands" }).ClickAsync();
        await page.GetByTestId("command-form").WaitForAsync();
    }

    [Fact]
    public async Task An_operator_sends_a_control_from_the_commands_tab_and_sees_the_device_answer_live()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var key = await CreateDeviceAsync(host, "pump-7");
        var device = await ConnectAsync(host, "pump-7", key);
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(An_operator_sends_a_control_from_the_commands_tab_and_sees_the_device_answer_live), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await OpenCommandsTabAsync(page, "pump-7");

            await page.GetByTestId("control-relay1").Locator("input[type=checkbox]").Last.ClickAsync();
            var brightness = page.GetByTestId("control-led_brightness").GetByRole(AriaRole.Spinbutton);
            await brightness.FillAsync("80");
            await brightness.PressAsync("Tab");
            await Assertions.Expect(page.GetByTestId("send-control")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Send control \\(2\\)"));
            await page.GetByTestId("send-control").ClickAsync();

            var command = await device.ExpectAsync("command");
            Assert.Equal("set_actuator", command.GetProperty("command").GetString());
            Assert.Equal("""{"relay1":true,"led_brightness":80}""", command.GetProperty("params").GetRawText());
            var row = page.GetByTestId("command-row").Filter(new() { Has = page.Locator($"[data-command-id='{command.GetProperty("command_id").GetString()}']") })
                .Or(page.Locator($"[data-command-id='{command.GetProperty("command_id").GetString()}']"));
            await Assertions.Expect(row.GetByTestId("command-status")).ToHaveTextAsync("Sent");

            await device.SendLineAsync(new
            {
                type = "command_response", command_id = command.GetProperty("command_id").GetString(), device_id = "pump-7",
                timestamp = 1651234570, result = "success", data = new { relay1 = true, led_brightness = 80 },
            });

            await Assertions.Expect(row.GetByTestId("command-status")).ToHaveTextAsync("Responded · OK");
            await Assertions.Expect(row).ToContainTextAsync("admin");
            await Assertions.Expect(row).ToContainTextAsync("Manual");
            await BrowserFixture.SaveScreenshotAsync(page, "device-commands");

            await page.GetByRole(AriaRole.Link, new() { Name = "Operation log" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Operation log" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("command-row")).ToHaveCountAsync(1);
            await Assertions.Expect(page.GetByTestId("command-row").First).ToContainTextAsync("pump-7");
            await BrowserFixture.SaveScreenshotAsync(page, "operations");
        });
    }

    [Fact]
    public async Task A_command_to_an_offline_device_appears_in_the_tab_as_failed_with_the_reason()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        await CreateDeviceAsync(host, "pump-8");
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(A_command_to_an_offline_device_appears_in_the_tab_as_failed_with_the_reason), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await OpenCommandsTabAsync(page, "pump-8");
            await Assertions.Expect(page.GetByTestId("offline-note")).ToBeVisibleAsync();

            await page.GetByTestId("mode-custom").ClickAsync();
            await page.GetByTestId("custom-method").FillAsync("RebootDevice");
            await page.GetByTestId("custom-params").FillAsync("{\"delay\": ");
            await Assertions.Expect(page.GetByTestId("params-error")).ToContainTextAsync("Not valid JSON");
            await Assertions.Expect(page.GetByTestId("send-custom")).ToBeDisabledAsync();
            await page.GetByTestId("custom-params").FillAsync("{\"delay\": 5}");
            await page.GetByTestId("send-custom").ClickAsync();

            var row = page.GetByTestId("command-row").First;
            await Assertions.Expect(row.GetByTestId("command-status")).ToHaveTextAsync("Failed");
            await Assertions.Expect(row.GetByTestId("command-result")).ToContainTextAsync("Device offline");
            await Assertions.Expect(row).ToContainTextAsync("RebootDevice");
            await BrowserFixture.SaveScreenshotAsync(page, "device-commands-offline");
        });
    }

    [Fact]
    public async Task A_viewer_sees_the_operation_log_but_cannot_send()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        await CreateDeviceAsync(host, "pump-9");
        using (var admin = await host.CreateSignedInClientAsync())
        {
            (await admin.PostAsJsonAsync("api/v1/users", new { username = "vince", password = "viewer-pass", role = "Viewer" })).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync("api/v1/devices/pump-9/commands", new { kind = "attributes.get" })).EnsureSuccessStatusCode();
        }
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(A_viewer_sees_the_operation_log_but_cannot_send), async () =>
        {
            await ConsolePages.SignInAsync(page, "vince", "viewer-pass");
            await ConsolePages.WaitForShellAsync(page, "vince");
            await OpenCommandsTabAsync(page, "pump-9");

            await Assertions.Expect(page.GetByTestId("viewer-note")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("send-control")).ToBeDisabledAsync();
            await Assertions.Expect(page.GetByTestId("control-relay1").Locator("input[type=checkbox]").First).ToBeDisabledAsync();
            await Assertions.Expect(page.GetByTestId("command-row")).ToHaveCountAsync(1);
            await Assertions.Expect(page.GetByTestId("command-row").First).ToContainTextAsync("get_attributes");
        });
    }
}
