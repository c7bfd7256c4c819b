using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Browser;

/// <summary>The MudBlazor shell: profile menu, language switch, a phone's width, how it looks.</summary>
[Trait("Needs", "browser")]
public sealed class ShellBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_profile_menu_signs_out()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(The_profile_menu_signs_out), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);

            await ConsolePages.SignOutAsync(page);

            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        });
    }

    [Fact]
    public async Task On_a_390_px_phone_the_nav_opens_sign_out_is_reachable_and_nothing_scrolls_sideways()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var page = await NewPhonePageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(On_a_390_px_phone_the_nav_opens_sign_out_is_reachable_and_nothing_scrolls_sideways), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await page.Locator("[data-circuit=live]").WaitForAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
            Assert.True(await ScrollWidthAsync(page) <= 390, $"the dashboard is {await ScrollWidthAsync(page)} px wide");
            await BrowserFixture.SaveScreenshotAsync(page, "mobile-dashboard");

            await page.GetByTestId("nav-toggle").ClickAsync();
            var users = page.GetByTestId("nav-menu").GetByRole(AriaRole.Link, new() { Name = "Users" });
            await Assertions.Expect(users).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "mobile-nav");
            await users.ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users" })).ToBeVisibleAsync();
            Assert.True(await ScrollWidthAsync(page) <= 390, $"the users page is {await ScrollWidthAsync(page)} px wide");

            await page.GetByTestId("user-menu-button").ClickAsync();
            await Assertions.Expect(page.GetByTestId("logout")).ToBeInViewportAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "mobile-menu");
            await page.GetByTestId("logout").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
            Assert.True(await ScrollWidthAsync(page) <= 390, $"the sign-in page is {await ScrollWidthAsync(page)} px wide");
        });
    }

    [Fact]
    public async Task Switching_to_chinese_changes_the_labels_and_survives_a_reload()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(Switching_to_chinese_changes_the_labels_and_survives_a_reload), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

            await ConsolePages.SwitchLanguageAsync(page, "zh");

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "仪表盘" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("nav-menu").GetByRole(AriaRole.Link, new() { Name = "设备" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
            await page.ReloadAsync();
            await ConsolePages.WaitForShellAsync(page);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "仪表盘" })).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "dashboard-zh");

            await page.GotoAsync("users");
            await ConsolePages.WaitForShellAsync(page);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "用户" })).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "users-zh");

            await ConsolePages.SwitchLanguageAsync(page, "en");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users" })).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task A_chinese_browser_gets_the_sign_in_page_in_chinese_on_its_first_visit()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = host.BaseAddress.ToString(), Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await BrowserFixture.RunAsync(page, nameof(A_chinese_browser_gets_the_sign_in_page_in_chinese_on_its_first_visit), async () =>
        {
            await page.GotoAsync("login");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "login-zh");
        });
        await context.CloseAsync();
    }

    [Fact]
    public async Task Screenshots_of_the_shell_in_light_and_dark()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(Screenshots_of_the_shell_in_light_and_dark), async () =>
        {
            await page.GotoAsync("login");
            await BrowserFixture.SaveScreenshotAsync(page, "login-light");
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await BrowserFixture.SaveScreenshotAsync(page, "dashboard-light");
            await page.GotoAsync("account/tokens");
            await ConsolePages.WaitForShellAsync(page);
            await page.GetByTestId("new-token").ClickAsync();
            await page.Locator("#token-name").WaitForAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "token-dialog-light");
            await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Assertions.Expect(page.Locator("#token-name")).ToHaveCountAsync(0);

            await ConsolePages.ToggleThemeAsync(page);
            await page.GotoAsync("");
            await ConsolePages.WaitForShellAsync(page);
            await BrowserFixture.SaveScreenshotAsync(page, "dashboard-dark");
            await page.GotoAsync("users");
            await page.GetByTestId("user-row").First.WaitForAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "users-dark");
            await page.GotoAsync("no/such/page");
            await page.GetByTestId("not-found").WaitForAsync();
            await BrowserFixture.SaveScreenshotAsync(page, "not-found-dark");
        });
    }

    private async Task<IPage> NewPhonePageAsync(AppHost host)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            DeviceScaleFactor = 2,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    private static Task<int> ScrollWidthAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
}
