using Microsoft.Playwright;

namespace NovaConsole.Tests.Infrastructure;

/// <summary>What a person does on the console's sign-in page, as steps tests can reuse.</summary>
public static class ConsolePages
{
    public static async Task SignInAsync(IPage page, string username = AppHost.AdminUser, string password = AppHost.AdminPassword)
    {
        await page.GotoAsync("login");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
    }

    /// <summary>Waits until the header shows who is signed in and the circuit handles clicks.</summary>
    public static async Task WaitForShellAsync(IPage page, string username = AppHost.AdminUser)
    {
        await page.GetByTestId("signed-in-user").Filter(new() { HasText = username }).WaitForAsync();
        await page.Locator("[data-circuit=live]").WaitForAsync();
    }

    /// <summary>Switches light/dark through the profile menu; the page reloads in the new theme (the cookie keeps it).</summary>
    public static async Task ToggleThemeAsync(IPage page, string username = AppHost.AdminUser)
    {
        await page.GetByTestId("user-menu-button").ClickAsync();
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/ui/theme/"));
        await WaitForShellAsync(page, username);
    }

    /// <summary>Switches the language through the profile menu ("en" or "zh"); the page reloads in it (the cookie keeps it).</summary>
    public static async Task SwitchLanguageAsync(IPage page, string language, string username = AppHost.AdminUser)
    {
        await page.GetByTestId("user-menu-button").ClickAsync();
        await page.GetByTestId($"language-{language}").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/ui/language/"));
        await WaitForShellAsync(page, username);
    }

    /// <summary>Opens the profile menu in the app bar (any width) and signs out through it.</summary>
    public static async Task SignOutAsync(IPage page)
    {
        await page.GetByTestId("user-menu-button").ClickAsync();
        await page.GetByTestId("logout").ClickAsync();
    }
}
