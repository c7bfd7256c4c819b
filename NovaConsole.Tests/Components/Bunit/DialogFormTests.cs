using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using NovaConsole.Accounts;
using NovaConsole.Components.Pages.Account;
using NovaConsole.Components.Pages.Users;
using NovaConsole.Components.Text;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Components.Bunit;

/// <summary>
/// The user and token dialogs check their fields before anything reaches the server-side services: an empty or short
/// field shows its message in the page's language and nothing is created. The app's own services back the dialogs.
/// </summary>
public sealed class DialogFormTests : IAsyncLifetime
{
    private AppHost host = null!;

    public async Task InitializeAsync() => host = await AppHost.StartWithAdminAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_new_user_dialog_asks_for_a_username_and_a_long_enough_password()
    {
        await using var ctx = new ConsoleComponentContext(app: host.Services);
        var provider = ctx.Render<MudDialogProvider>();
        await ShowAsync<UserCreateDialog>(ctx, []);
        provider.WaitForElement("[data-testid=create-user]", TimeSpan.FromSeconds(10));

        provider.Find("[data-testid=create-user]").Click();

        provider.WaitForAssertion(() => Assert.Contains("Choose a username.", provider.Markup));
        Assert.Contains($"At least {PasswordPolicy.AbsoluteMinimumLength} characters.", provider.Markup);

        provider.Find("#new-user-name").Change("olga");
        provider.Find("#new-user-password").Change("short");
        provider.Find("[data-testid=create-user]").Click();

        provider.WaitForAssertion(() => Assert.DoesNotContain("Choose a username.", provider.Markup));
        Assert.Contains($"At least {PasswordPolicy.AbsoluteMinimumLength} characters.", provider.Markup);
        Assert.Single(await host.Services.GetRequiredService<AccountService>().ListUsersAsync());
    }

    [Fact]
    public async Task The_password_dialog_refuses_a_short_password_before_the_server_sees_it()
    {
        await using var ctx = new ConsoleComponentContext(app: host.Services);
        var provider = ctx.Render<MudDialogProvider>();
        await ShowAsync<UserPasswordDialog>(ctx, new() { [nameof(UserPasswordDialog.UserId)] = 1L });
        provider.WaitForElement("#reset-password", TimeSpan.FromSeconds(10));

        provider.Find("#reset-password").Change("short");
        provider.Find("[data-testid=set-password]").Click();

        provider.WaitForAssertion(() => Assert.Contains($"At least {PasswordPolicy.AbsoluteMinimumLength} characters.", provider.Markup));
        Assert.Contains("reset-password", provider.Markup);   // still open
    }

    [Fact]
    public async Task The_token_dialog_asks_for_a_name_in_chinese_and_offers_lifetimes_in_chinese()
    {
        await using var ctx = new ConsoleComponentContext(TextCatalog.Chinese, host.Services);
        var provider = ctx.Render<MudDialogProvider>();
        await ShowAsync<TokenCreateDialog>(ctx, new() { [nameof(TokenCreateDialog.UserId)] = 1L, [nameof(TokenCreateDialog.Username)] = AppHost.AdminUser });

        provider.WaitForElement("[data-testid=create-token]", TimeSpan.FromSeconds(10));
        Assert.Contains("永不（直到撤销）", provider.Markup);
        provider.Find("[data-testid=create-token]").Click();

        provider.WaitForAssertion(() => Assert.Contains("请为令牌命名。", provider.Markup));
        Assert.Empty(provider.FindAll("[data-testid=created-token]"));
        Assert.Empty(await host.Services.GetRequiredService<ApiTokenService>().ListAsync(1));
    }

    private static async Task ShowAsync<TDialog>(ConsoleComponentContext ctx, Dictionary<string, object?> parameters) where TDialog : Microsoft.AspNetCore.Components.IComponent
    {
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        var dialogParameters = new DialogParameters();
        foreach (var (name, value) in parameters) dialogParameters.Add(name, value);
        await ctx.Renderer.Dispatcher.InvokeAsync(() => dialogs.ShowAsync<TDialog>("dialog", dialogParameters));

    }
}
