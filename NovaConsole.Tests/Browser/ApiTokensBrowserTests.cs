using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Browser;

[Trait("Needs", "browser")]
public sealed class ApiTokensBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_token_created_in_the_console_is_shown_once_and_works_for_scripts()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var page = await browser.NewPageAsync(host);
        string token = "";
        await BrowserFixture.RunAsync(page, nameof(A_token_created_in_the_console_is_shown_once_and_works_for_scripts), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "API tokens" }).First.ClickAsync();

            await page.GetByTestId("new-token").ClickAsync();
            await page.Locator("#token-name").FillAsync("backup script");
            await page.GetByTestId("create-token").ClickAsync();
            token = (await page.GetByTestId("created-token").TextContentAsync())!.Trim();
            await BrowserFixture.SaveScreenshotAsync(page, "token-shown-once");
            await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

            await Assertions.Expect(page.GetByText("backup script")).ToBeVisibleAsync();
            await page.ReloadAsync();
            await ConsolePages.WaitForShellAsync(page);
            await Assertions.Expect(page.GetByText("backup script")).ToBeVisibleAsync();
            Assert.DoesNotContain(token, await page.ContentAsync());
        });

        Assert.StartsWith("nct_", token);
        using var script = host.CreateClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task The_console_switches_to_the_dark_theme_and_keeps_it_after_a_reload()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        var page = await browser.NewPageAsync(host);
        await BrowserFixture.RunAsync(page, nameof(The_console_switches_to_the_dark_theme_and_keeps_it_after_a_reload), async () =>
        {
            await ConsolePages.SignInAsync(page);
            await ConsolePages.WaitForShellAsync(page);
            var theme = page.Locator("html");
            await Assertions.Expect(theme).ToHaveAttributeAsync("data-theme", "light");
            Assert.False(await page.EvaluateAsync<bool>(BodyIsDarkScript));

            await ConsolePages.ToggleThemeAsync(page);
            await Assertions.Expect(theme).ToHaveAttributeAsync("data-theme", "dark");
            await page.WaitForFunctionAsync(BodyIsDarkScript);
            await BrowserFixture.SaveScreenshotAsync(page, "dashboard-dark");

            await page.ReloadAsync();
            await ConsolePages.WaitForShellAsync(page);
            await Assertions.Expect(theme).ToHaveAttributeAsync("data-theme", "dark");
            await page.WaitForFunctionAsync(BodyIsDarkScript);
        });
    }

    // MudBlazor paints the page from its palette: the dark theme gives the body a dark background.
    private const string BodyIsDarkScript = """
        () => {
            const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
            return r + g + b < 200;
        }
        """;
}
