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
}
