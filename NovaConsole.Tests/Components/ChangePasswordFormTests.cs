using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using NovaConsole.Components.Pages.MyAccount;
using NovaConsole.Components.Text;

namespace NovaConsole.Tests.Components;

/// <summary>The My account password form checks what a person typed before anything goes to the server.</summary>
public sealed class ChangePasswordFormTests : BunitContext
{
    private readonly List<(string Current, string New)> calls = [];

    public ChangePasswordFormTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(new TextCatalog(NullLogger<TextCatalog>.Instance));
        Services.AddScoped<UiText>();
    }

    private IRenderedComponent<ChangePasswordForm> Render(string? serverError = null) =>
        Render<ChangePasswordForm>(p => p
            .Add(f => f.MinLength, 10)
            .Add(f => f.OnChange, (current, changed) =>
            {
                calls.Add((current, changed));
                return Task.FromResult(serverError);
            }));

    private static void Type(IRenderedComponent<ChangePasswordForm> form, string testId, string value) =>
        form.Find($"input[data-testid={testId}]").Change(value);

    [Fact]
    public void Empty_fields_are_each_required_and_nothing_is_sent()
    {
        var form = Render();

        form.Find("button[data-testid=password-save]").Click();

        form.WaitForAssertion(() => Assert.Equal(3, form.Markup.Split("Required.").Length - 1));
        Assert.Empty(calls);
    }

    [Theory]
    [InlineData("old-password-1", "short", "short", "At least 10 characters.")]
    [InlineData("old-password-1", "old-password-1", "old-password-1", "The new password must differ from the current one.")]
    [InlineData("old-password-1", "violet-harbour-lamp", "violet-harbour-lamX", "The two new passwords differ.")]
    public void A_bad_new_password_is_explained_and_nothing_is_sent(string current, string changed, string confirm, string message)
    {
        var form = Render();
        Type(form, "password-current", current);
        Type(form, "password-new", changed);
        Type(form, "password-confirm", confirm);

        form.Find("button[data-testid=password-save]").Click();

        form.WaitForAssertion(() => Assert.Contains(message, form.Markup));
        Assert.Empty(calls);
    }

    [Fact]
    public void A_valid_form_is_sent_once_and_a_server_refusal_is_shown()
    {
        var form = Render(serverError: "The current password is wrong.");
        Type(form, "password-current", "old-password-1");
        Type(form, "password-new", "violet-harbour-lamp");
        Type(form, "password-confirm", "violet-harbour-lamp");

        form.Find("button[data-testid=password-save]").Click();

        form.WaitForAssertion(() => Assert.Equal([("old-password-1", "violet-harbour-lamp")], calls));
        form.WaitForAssertion(() => Assert.Equal("The current password is wrong.", form.Find("[data-testid=password-error]").TextContent.Trim()));
    }
}
