using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace NovaConsole.Tests.Components.Bunit;

/// <summary>
/// A forged click: runs a button's handler directly, past its Disabled state (as a circuit runs whatever event it is sent),
/// and confirms the dialog the handler opens.
/// </summary>
internal static class ForgedClick
{
    public static async Task ConfirmAsync<TPage>(IRenderedComponent<TPage> cut, IRenderedComponent<MudDialogProvider> dialogs, string testId, string yes, bool expectDisabled)
        where TPage : class, IComponent
    {
        var button = cut.FindComponents<MudButton>().Single(b => b.Instance.UserAttributes.TryGetValue("data-testid", out var t) && (string?)t == testId);
        Assert.Equal(expectDisabled, button.Instance.Disabled);
        var click = cut.InvokeAsync(() => button.Instance.OnClick.InvokeAsync(new MouseEventArgs()));
        dialogs.WaitForAssertion(() => Assert.Contains(yes, dialogs.Find(".mud-dialog-actions").TextContent));
        dialogs.FindAll(".mud-dialog-actions button").Single(b => b.TextContent.Trim() == yes).Click();
        await click;
    }
}
