using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NovaConsole.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NovaConsole.Tests.Browser;

/// <summary>The MudBlazor shell: profile menu, language switch, a phone's width.</summary>
[Trait("Needs", "browser")]
public sealed class ShellBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_profile_menu_signs_out()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var page = await browser.NewPageAsync(host);
        page.Console += (_, message) => output.WriteLine($"console {message.Type}: {message.Text}");
        page.PageError += (_, error) => output.WriteLine($"page error: {error}");
        await BrowserFixture.RunAsync(page, nameof(The_profile_menu_signs_out), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);

            await ConsolePages.SignOutAsync(page);

            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        });
    }
}
