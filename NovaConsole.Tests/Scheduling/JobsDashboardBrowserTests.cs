using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Scheduling;

/// <summary>The way to the jobs dashboard from the console's Broker page.</summary>
[Trait("Needs", "browser")]
public sealed class JobsDashboardBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_follows_the_broker_pages_link_to_the_jobs_dashboard()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(An_admin_follows_the_broker_pages_link_to_the_jobs_dashboard), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GotoAsync("broker");
            await ConsolePages.WaitForShellAsync(page);

            // The dashboard polls its counters with POSTs that carry its antiforgery token: the first one must pass.
            var stats = page.WaitForResponseAsync(r => r.Url.EndsWith("/jobs/stats"));
            await page.GetByTestId("jobs-dashboard-link").ClickAsync();

            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/jobs$"));
            await Assertions.Expect(page).ToHaveTitleAsync(new Regex("NovaConsole jobs"));
            Assert.Equal(200, (await stats).Status);
            await BrowserFixture.SaveScreenshotAsync(page, "jobs-dashboard");
        });
    }

    [Fact]
    public async Task An_operator_sees_the_broker_page_without_the_link()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        using (var admin = await host.CreateSignedInClientAsync())
        {
            (await admin.PostAsJsonAsync("api/v1/users", new { username = "otto", password = "password-123", role = "Operator" })).EnsureSuccessStatusCode();
        }
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(An_operator_sees_the_broker_page_without_the_link), async () =>
        {
            await ConsolePages.SignInAsync(page, "otto", "password-123");
            await ConsolePages.WaitForShellAsync(page, "otto");
            await page.GotoAsync("broker");
            await ConsolePages.WaitForShellAsync(page, "otto");

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Broker", Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("jobs-dashboard-link")).ToHaveCountAsync(0);
        });
    }
}
