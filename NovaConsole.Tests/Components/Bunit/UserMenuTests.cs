using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using NovaConsole.Components.Layout;
using NovaConsole.Components.Text;

namespace NovaConsole.Tests.Components.Bunit;

/// <summary>The profile menu: language and theme switches come back to the page they were used on; labels follow the language.</summary>
public sealed class UserMenuTests
{
    [Fact]
    public async Task Language_and_theme_links_return_to_the_current_page()
    {
        await using var ctx = new ConsoleComponentContext();
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("devices/DEV-1?tab=commands");
        var menu = RenderMenu(ctx, dark: false);

        menu.Find("[data-testid=user-menu-button]").Click();

        Assert.Equal("ui/language/zh-CN?returnUrl=%2Fdevices%2FDEV-1%3Ftab%3Dcommands", menu.Find("[data-testid=language-zh]").GetAttribute("href"));
        Assert.Equal("ui/theme/dark?returnUrl=%2Fdevices%2FDEV-1%3Ftab%3Dcommands", menu.Find("[data-testid=theme-toggle]").GetAttribute("href"));
        Assert.Contains("Dark theme", menu.Find("[data-testid=theme-toggle]").TextContent);
    }

    [Theory]
    [InlineData(TextCatalog.English, "language-en", "language-zh")]
    [InlineData(TextCatalog.Chinese, "language-zh", "language-en")]
    public async Task The_language_menu_marks_the_current_language(string language, string current, string other)
    {
        await using var ctx = new ConsoleComponentContext(language);
        var menu = RenderMenu(ctx, dark: false);

        menu.Find("[data-testid=user-menu-button]").Click();

        Assert.Equal("true", menu.Find($"[data-testid={current}]").GetAttribute("aria-current"));
        Assert.Equal("false", menu.Find($"[data-testid={other}]").GetAttribute("aria-current"));
    }

    [Fact]
    public async Task In_dark_mode_the_switch_offers_light_and_in_chinese_the_labels_are_chinese()
    {
        await using var ctx = new ConsoleComponentContext(TextCatalog.Chinese);
        var menu = RenderMenu(ctx, dark: true);

        menu.Find("[data-testid=user-menu-button]").Click();

        Assert.StartsWith("ui/theme/light", menu.Find("[data-testid=theme-toggle]").GetAttribute("href"));
        Assert.Contains("浅色主题", menu.Find("[data-testid=theme-toggle]").TextContent);
        Assert.Contains("退出登录", menu.Find("[data-testid=logout]").TextContent);
    }

    private static IRenderedComponent<ContainerFragment> RenderMenu(ConsoleComponentContext ctx, bool dark) =>
        ctx.Render<ContainerFragment>(p => p.AddChildContent(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<UserMenu>(1);
            builder.AddComponentParameter(2, nameof(UserMenu.Name), "ada");
            builder.AddComponentParameter(3, nameof(UserMenu.Role), "Admin");
            builder.AddComponentParameter(4, nameof(UserMenu.Dark), dark);
            builder.CloseComponent();
        }));
}

/// <summary>Renders its child content: lets a test render a provider beside the component under test.</summary>
public sealed class ContainerFragment : ComponentBase
{
    [Parameter] public RenderFragment? ChildContent { get; set; }

    protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) => builder.AddContent(0, ChildContent);
}
