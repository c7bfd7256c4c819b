using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Browser;

[Trait("Needs", "browser")]
public sealed class UsersBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_creates_a_user_on_the_users_page()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(An_admin_creates_a_user_on_the_users_page), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users" })).ToBeVisibleAsync();

            await page.GetByTestId("new-user").ClickAsync();
            await page.Locator("#new-user-name").FillAsync("olga");
            await page.Locator("#new-user-password").FillAsync("operator-pass");
            await page.GetByTestId("create-user").ClickAsync();

            await Assertions.Expect(page.GetByTestId("user-row").Filter(new() { HasText = "olga" })).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "users");
        });

        using var olga = await host.CreateSignedInClientAsync("olga", "operator-pass");
        var me = await olga.GetFromJsonAsync<Dictionary<string, object>>("api/v1/auth/me");
        Assert.Equal("Viewer", me!["role"].ToString());
    }

    [Fact]
    public async Task A_viewer_sees_no_users_link_and_is_refused_the_users_page()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        using (var admin = await host.CreateSignedInClientAsync())
        {
            (await admin.PostAsJsonAsync("api/v1/users", new { username = "vince", password = "viewer-pass", role = "Viewer" })).EnsureSuccessStatusCode();
        }
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(A_viewer_sees_no_users_link_and_is_refused_the_users_page), async () =>
        {
            await ConsolePages.SignInAsync(page, "vince", "viewer-pass");
            await ConsolePages.WaitForShellAsync(page, "vince");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);

            await page.GotoAsync("users");

            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/access-denied"));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("user-row")).ToHaveCountAsync(0);
        });
    }
}
