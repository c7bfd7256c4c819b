using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Browser;

[Trait("Needs", "browser")]
public sealed class SetupAndSignInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_person_completes_setup_with_the_token_and_lands_on_the_dashboard()
    {
        await using var host = await AppHost.StartAsync();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(A_person_completes_setup_with_the_token_and_lands_on_the_dashboard), async () =>
        {
            await page.GotoAsync("");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/setup"));
            await BrowserFixture.SaveScreenshotAsync(page, "setup");

            await page.FillAsync("#token", host.ReadSetupToken());
            await page.FillAsync("#username", "ada");
            await page.FillAsync("#password", "analytical-engine");
            await page.FillAsync("#confirm", "analytical-engine");
            await page.ClickAsync("button[type=submit]");

            await ConsolePages.WaitForShellAsync(page, "ada");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("stat-users")).ToHaveTextAsync("1");
            await BrowserFixture.SaveScreenshotAsync(page, "dashboard");
        });
    }

    [Fact]
    public async Task A_wrong_setup_token_is_refused_on_the_page()
    {
        await using var host = await AppHost.StartAsync();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(A_wrong_setup_token_is_refused_on_the_page), async () =>
        {
            await page.GotoAsync("setup");
            await page.FillAsync("#token", "guessed-token");
            await page.FillAsync("#username", "mallory");
            await page.FillAsync("#password", "password-123");
            await page.FillAsync("#confirm", "password-123");
            await page.ClickAsync("button[type=submit]");

            await Assertions.Expect(page.GetByTestId("setup-error")).ToContainTextAsync("Wrong setup token");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/setup"));
        });
    }

    [Fact]
    public async Task Sign_in_with_a_wrong_password_shows_an_error_and_the_right_one_opens_the_console()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(Sign_in_with_a_wrong_password_shows_an_error_and_the_right_one_opens_the_console), async () =>
        {
            await page.GotoAsync("users");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));

            await ConsolePages.SignInAsync(page, AppHost.AdminUser, "not-my-password");
            await Assertions.Expect(page.GetByTestId("login-error")).ToContainTextAsync("Wrong username or password");
            await BrowserFixture.SaveScreenshotAsync(page, "login-error");

            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
        });
    }

    [Fact]
    public async Task Sign_out_returns_to_the_login_page_and_the_console_is_closed_again()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(Sign_out_returns_to_the_login_page_and_the_console_is_closed_again), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);

            await ConsolePages.SignOutAsync(page);
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));

            await page.GotoAsync("");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        });
    }
}
