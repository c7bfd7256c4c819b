using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using NovaConsole.Automation;
using NovaConsole.Components.Pages.Automation;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Components.Bunit;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Components.Automation;

/// <summary>
/// The rule editor over the real app's services: save, enable and delete check the role on the server (a Viewer's forged
/// clicks change nothing), and "try it" says what would fire from the latest values without acting.
/// </summary>
public sealed class RuleEditorTests : IAsyncLifetime
{
    private AppHost host = null!;
    private HttpClient admin = null!;
    private string deviceId = "";

    public async Task InitializeAsync()
    {
        host = await AppHost.StartWithAdminAsync();
        admin = await host.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("api/v1/users", new { username = "vera", password = "sturdy-lantern-42", role = "Viewer" })).EnsureSuccessStatusCode();
        var created = await (await admin.PostAsJsonAsync("api/v1/devices", new { name = "Greenhouse" })).Content.ReadFromJsonAsync<JsonElement>();
        deviceId = created.GetProperty("deviceId").GetString()!;
    }

    public async Task DisposeAsync()
    {
        admin.Dispose();
        await host.DisposeAsync();
    }

    private Task<ClaimsPrincipal> SignInAsync(string username, string password) => ConsoleComponentContext.SignInOverHttpAsync(host, username, password);

    private ConsoleComponentContext Bunit(ClaimsPrincipal user)
    {
        var bunit = ConsoleComponentContext.WithAppAuthorization(host, user);
        bunit.Services.AddSingleton(host.Services.GetRequiredService<RuleService>());
        return bunit;
    }

    private string HotRule(string name, string? conditions = null) => $$"""
        {"name": "{{name}}", "trigger": {"kind": "threshold", "deviceId": "{{deviceId}}", "key": "temperature", "operator": ">", "value": 30}{{(conditions is null ? "" : $", \"conditions\": {conditions}")}},
         "actions": [{"kind": "alarm.raise", "type": "overheat"}]}
        """;

    [Fact]
    public async Task A_viewer_invoking_save_enable_or_delete_is_refused_and_the_rule_stays_as_it_was()
    {
        var created = await admin.PostAsync("api/v1/rules", new StringContent(HotRule("kept"), System.Text.Encoding.UTF8, "application/json"));
        var ruleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await using var bunit = Bunit(await SignInAsync("vera", "sturdy-lantern-42"));
        var page = bunit.Render<RuleEditorPage>(p => p.Add(x => x.Id, ruleId));
        page.WaitForElement("[data-testid=rule-save]");

        page.Find("textarea").Input(HotRule("renamed by a viewer"));
        var snackbar = bunit.Services.GetRequiredService<ISnackbar>();
        foreach (var button in new[] { "rule-save", "rule-toggle", "rule-delete" })
        {
            page.Find($"[data-testid={button}]").Click();
            page.WaitForAssertion(() => Assert.Single(snackbar.ShownSnackbars, s => s.Message == "This needs the Operator role; you are Viewer."));
            // Identical messages are shown once: clear it so the next refusal shows again.
            snackbar.Clear();
        }
        var rule = await admin.GetFromJsonAsync<JsonElement>($"api/v1/rules/{ruleId}");
        Assert.Equal("kept", rule.GetProperty("name").GetString());
        Assert.True(rule.GetProperty("enabled").GetBoolean());
        Assert.Equal(1, rule.GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task An_operator_saves_a_new_rule_from_the_editor_and_a_bad_body_shows_the_parsers_message()
    {
        await using var bunit = Bunit(await SignInAsync(AppHost.AdminUser, AppHost.AdminPassword));
        var page = bunit.Render<RuleEditorPage>();
        page.Find("textarea").Input(HotRule("from the editor").Replace("\">\"", "\"=>\""));
        page.Find("[data-testid=rule-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("trigger.operator", page.Find("[data-testid=rule-problem]").TextContent));

        page.Find("textarea").Input(HotRule("from the editor"));
        page.Find("[data-testid=rule-save]").Click();
        var rules = await Eventually.GetAsync(() => admin.GetFromJsonAsync<JsonElement>("api/v1/rules"), r => r.GetArrayLength() == 1);
        Assert.Equal("from the editor", rules[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Try_it_shows_what_would_fire_from_the_latest_values_and_acts_on_nothing()
    {
        var ingest = host.Services.GetRequiredService<TelemetryIngest>();
        await ingest.StoreAsync(new TelemetryMessage(deviceId, DateTimeOffset.UtcNow, [new TelemetryReading("temperature", TelemetryValue.FromNumber(31.5))]), CancellationToken.None);
        await using var bunit = Bunit(await SignInAsync("vera", "sturdy-lantern-42"));
        var page = bunit.Render<RuleEditorPage>();

        page.Find("textarea").Input(HotRule("try me"));
        page.Find("[data-testid=rule-try]").Click();
        page.WaitForAssertion(() => Assert.Equal("true", page.Find($"[data-testid=trial-row][data-device='{deviceId}']").GetAttribute("data-fires")));
        Assert.Contains("31.5", page.Find("[data-testid=trial-row]").TextContent);

        // A condition that does not hold (the device is offline) turns it into "would not fire", with the condition's result shown.
        page.Find("textarea").Input(HotRule("try me", """{"all": [{"kind": "online"}]}"""));
        page.Find("[data-testid=rule-try]").Click();
        page.WaitForAssertion(() => Assert.Equal("false", page.Find("[data-testid=trial-row]").GetAttribute("data-fires")));
        Assert.Equal("false", page.Find("[data-testid=trial-condition]").GetAttribute("data-result"));

        // Nothing was saved, fired or raised.
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("api/v1/rules")).GetArrayLength());
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>("api/v1/alarms")).GetArrayLength());
    }
}
