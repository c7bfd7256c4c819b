using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NovaConsole.Commands;
using NovaConsole.Data;
using NovaConsole.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NovaConsole.Tests.Browser;

/// <summary>The operation log, My account, audit and settings pages in Chromium (MudBlazor).</summary>
[Trait("Needs", "browser")]
public sealed class OperationsAccountsBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static async Task SeedCommandsAsync(AppHost host, int count)
    {
        var factory = host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var start = DateTime.UtcNow.AddDays(-2);
        for (var i = 0; i < count; i++)
        {
            db.CommandLog.Add(new CommandLogRecord
            {
                DeviceId = $"dev-{i % 50}", Kind = "control", Name = "set_actuator", ParamsJson = "{\"relay1\":true}", Origin = i % 4 == 3 ? "automatic" : "manual",
                IssuedBy = i % 4 == 3 ? "rule:night" : "admin", State = i % 3 == 0 ? "failed" : "responded", Succeeded = i % 3 != 0,
                ResultCode = i % 3 == 0 ? CommandFailures.TimedOut : "0", ResultMessage = i % 3 == 0 ? "Timed out" : "ok", CreatedUtc = start.AddSeconds(i * 10),
            });
        }
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_operation_log_pages_on_the_server_counts_every_entry_and_exports_the_filter()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        await SeedCommandsAsync(host, 10_000);
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(The_operation_log_pages_on_the_server_counts_every_entry_and_exports_the_filter), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);

            var watch = Stopwatch.StartNew();
            await page.GotoAsync("operations");
            await Assertions.Expect(page.GetByTestId("command-row")).ToHaveCountAsync(25);
            await Assertions.Expect(page.GetByTestId("count-total").GetByTestId("count-value")).ToHaveTextAsync("10,000");
            output.WriteLine($"operation log with 10,000 entries: first page shown after {watch.ElapsedMilliseconds} ms (navigation included)");
            await Assertions.Expect(page.GetByTestId("count-failed").GetByTestId("count-value")).ToHaveTextAsync("3,334");
            await page.Locator("[data-circuit=live]").WaitForAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "operations-10000");

            // The last page is the oldest entry: reached on the server, not among the newest 500.
            var newest = await page.GetByTestId("command-row").First.GetAttributeAsync("data-command-id");
            watch.Restart();
            await page.GetByTestId("operations-pager").GetByRole(AriaRole.Button, new() { Name = "400" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("command-row").Last).ToHaveAttributeAsync("data-command-id", "1");
            output.WriteLine($"operation log: page 400 of 400 after {watch.ElapsedMilliseconds} ms");
            Assert.Equal("10000", newest);

            // A filter changes the counters and the export to match it.
            await page.GetByTestId("operations-search").FillAsync("dev-7");
            await Assertions.Expect(page.GetByTestId("count-total").GetByTestId("count-value")).ToHaveTextAsync("200");
            var href = await page.GetByTestId("operations-export").GetAttributeAsync("href");
            Assert.Equal("api/v1/commands/export.csv?search=dev-7", href);
            var csv = await page.APIRequest.GetAsync(href!);
            var lines = (await csv.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(CommandLogCsv.Header, lines[0]);
            Assert.Equal(200, lines.Length - 1);
        });
    }

    [Fact]
    public async Task A_user_changes_their_own_password_and_the_audit_page_shows_it_with_the_other_actions()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        using (var admin = await host.CreateSignedInClientAsync())
        {
            (await admin.PostAsJsonAsync("api/v1/users", new { username = "vera", password = "sturdy-lantern-42", role = "Viewer" })).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync("api/v1/devices", new { deviceId = "boiler-1", name = "Boiler" })).EnsureSuccessStatusCode();
        }
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(A_user_changes_their_own_password_and_the_audit_page_shows_it_with_the_other_actions), async () =>
        {
            // A Viewer changes their own password from the profile menu's My account.
            await ConsolePages.SignInAsync(page, "vera", "sturdy-lantern-42");
            await ConsolePages.WaitForShellAsync(page, "vera");
            await page.GetByTestId("user-menu-button").ClickAsync();
            await page.GetByTestId("menu-account").ClickAsync();
            await page.GetByTestId("password-form").WaitForAsync();
            await page.GetByTestId("password-current").FillAsync("sturdy-lantern-42");
            await page.GetByTestId("password-new").FillAsync("violet-harbour-lamp");
            await page.GetByTestId("password-confirm").FillAsync("violet-harbour-lamX");
            await page.GetByTestId("password-save").ClickAsync();
            await Assertions.Expect(page.GetByText("The two new passwords differ.")).ToBeVisibleAsync();
            await page.GetByTestId("password-confirm").FillAsync("violet-harbour-lamp");
            await page.GetByTestId("password-save").ClickAsync();
            await Assertions.Expect(page.GetByText("Password changed. Your other sessions were signed out.")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "my-account");
            await Assertions.Expect(page.GetByTestId("nav-audit")).ToHaveCountAsync(0);

            await ConsolePages.SignOutAsync(page);
            await page.WaitForURLAsync(url => url.Contains("/login"));
            await ConsolePages.SignInAsync(page, "vera", "violet-harbour-lamp");
            await ConsolePages.WaitForShellAsync(page, "vera");
            await page.GotoAsync("audit");
            await Assertions.Expect(page.GetByTestId("audit-log")).ToHaveCountAsync(0);
            await ConsolePages.SignOutAsync(page);
            await page.WaitForURLAsync(url => url.Contains("/login"));

            // The admin sees every action on the audit page, newest first.
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GetByTestId("nav-audit").ClickAsync();
            var rows = page.GetByTestId("audit-row");
            await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-action", "auth.sign-in");
            foreach (var action in new[] { "account.password-change", "auth.sign-out", "device.create", "user.create" })
            {
                await Assertions.Expect(page.Locator($"[data-testid=audit-row][data-action='{action}']").First).ToBeVisibleAsync();
            }
            await Assertions.Expect(page.Locator("[data-testid=audit-row][data-action='account.password-change']").First).ToContainTextAsync("vera");
            await BrowserFixture.SaveScreenshotAsync(page, "audit");
            await page.GetByTestId("audit-action").FillAsync("device.");
            await Assertions.Expect(rows).ToHaveCountAsync(1);
        });
    }

    [Fact]
    public async Task An_admin_changes_a_setting_which_applies_at_once_and_is_audited()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(An_admin_changes_a_setting_which_applies_at_once_and_is_audited), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GetByTestId("nav-settings").ClickAsync();
            var timeout = page.GetByTestId("setting-commandTimeoutSeconds");
            await Assertions.Expect(timeout).ToHaveValueAsync("30");
            await Assertions.Expect(page.GetByTestId("setting-restart").First).ToHaveTextAsync("No restart needed");
            await timeout.FillAsync("45");
            await page.GetByTestId("settings-save").ClickAsync();
            await Assertions.Expect(page.GetByText("Settings saved.")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("setting-reset-commandTimeoutSeconds")).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "settings");

            Assert.Equal(45, host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<CommandsOptions>>().CurrentValue.TimeoutSeconds);
            using var admin = await host.CreateSignedInClientAsync();
            var audit = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=settings.");
            Assert.Equal("30 -> 45", audit[0].GetProperty("detail").GetString());
            Assert.Equal("127.0.0.1", audit[0].GetProperty("address").GetString());
        });
    }
}
