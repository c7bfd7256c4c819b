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

    /// <summary>Waits until the interactive circuit is up: the header shows who is signed in.</summary>
    public static Task WaitForShellAsync(IPage page, string username = AppHost.AdminUser) =>
        page.GetByTestId("signed-in-user").Filter(new() { HasText = username }).WaitForAsync();
}
