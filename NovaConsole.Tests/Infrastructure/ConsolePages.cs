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
        // Wait for the navigation the click starts (the switch redirects back to the page): WaitForURL would match the
        // page as it was before the click and then be aborted by the navigation arriving under it.
        await page.RunAndWaitForNavigationAsync(() => page.GetByTestId("theme-toggle").ClickAsync(),
            new() { UrlFunc = url => !url.Contains("/ui/theme/") });
        await WaitForShellAsync(page, username);
    }

    /// <summary>Switches the language through the profile menu ("en" or "zh"); the page reloads in it (the cookie keeps it).</summary>
    public static async Task SwitchLanguageAsync(IPage page, string language, string username = AppHost.AdminUser)
    {
        await page.GetByTestId("user-menu-button").ClickAsync();
        // Wait for the navigation the click starts (the switch redirects back to the page): WaitForURL would match the
        // page as it was before the click and then be aborted by the navigation arriving under it.
        await page.RunAndWaitForNavigationAsync(() => page.GetByTestId($"language-{language}").ClickAsync(),
            new() { UrlFunc = url => !url.Contains("/ui/language/") });
        await WaitForShellAsync(page, username);
    }

    /// <summary>Opens the profile menu in the app bar (any width) and signs out through it.</summary>
    public static async Task SignOutAsync(IPage page)
    {
        // A prerendered menu button ignores clicks until the page's circuit is up (right after a GotoAsync, say).
        await page.Locator("[data-circuit=live]").WaitForAsync();
        await page.GetByTestId("user-menu-button").ClickAsync();
        await page.GetByTestId("logout").ClickAsync();
    }

    /// <summary>The open MudBlazor dialog (create, import, key, confirmations).</summary>
    public static ILocator Dialog(IPage page) => page.Locator(".mud-dialog");

    /// <summary>Opens a device's page and waits until it is interactive.</summary>
    public static async Task OpenDeviceAsync(IPage page, string deviceId)
    {
        await page.GotoAsync($"devices/{Uri.EscapeDataString(deviceId)}");
        // Not WaitForShellAsync: on a phone the header hides the user's name.
        await page.Locator("[data-circuit=live]").WaitForAsync();
        await page.GetByTestId("device-title").WaitForAsync();
    }

    /// <summary>Clicks a tab of the device page by its (English) name.</summary>
    public static Task OpenDeviceTabAsync(IPage page, string tab) =>
        page.GetByTestId("device-tabs").GetByRole(AriaRole.Tab, new() { Name = tab, Exact = true }).ClickAsync();

    /// <summary>Answers the open confirmation dialog with the named button.</summary>
    public static Task ConfirmAsync(IPage page, string button) =>
        Dialog(page).GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
}
