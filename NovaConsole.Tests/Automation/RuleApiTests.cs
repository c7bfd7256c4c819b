using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Automation;

/// <summary>Rules, runs, alarms and the backtest through the REST API of the real app, with telemetry stored through the real ingest.</summary>
public sealed class RuleApiTests : SignedInAppTests
{
    protected override string[] AppArguments => ["--Automation:MaxFiresPerMinute=8"];

    private Task StoreAsync(string deviceId, string key, object value, DateTimeOffset? at = null)
    {
        var element = JsonSerializer.SerializeToElement(value);
        return Host.Services.GetRequiredService<TelemetryIngest>().StoreAsync(
            new TelemetryMessage(deviceId, at ?? DateTimeOffset.UtcNow, [new TelemetryReading(key, TelemetryValue.From(element))]), CancellationToken.None);
    }

    private async Task<JsonElement> CreateRuleAsync(object body)
    {
        var response = await Admin.PostAsJsonAsync("api/v1/rules", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<JsonElement> RunsWhenAsync(long ruleId, Func<JsonElement, bool> condition, string what) =>
        Eventually.GetAsync(() => Admin.GetFromJsonAsync<JsonElement>($"api/v1/rules/{ruleId}/runs"), condition, TimeSpan.FromSeconds(20));

    private static bool Finished(JsonElement runs, int count) =>
        runs.GetArrayLength() >= count && runs.EnumerateArray().All(r => r.GetProperty("status").GetString() != "running");

    [Fact]
    public async Task A_threshold_crossing_raises_an_alarm_and_sends_an_automatic_command_logged_with_the_rules_name()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        var rule = await CreateRuleAsync(new
        {
            name = "too hot",
            trigger = new { kind = "threshold", deviceId, key = "temperature", @operator = ">", value = 30, deadband = 2 },
            actions = new object[]
            {
                new { kind = "alarm.raise", type = "overheat", severity = "critical" },
                new { kind = "command", target = "trigger-device", name = "fan", @params = new { on = true } },
            },
        });
        var ruleId = rule.GetProperty("id").GetInt64();

        await StoreAsync(deviceId, "temperature", 25);
        await StoreAsync(deviceId, "temperature", 31);
        await StoreAsync(deviceId, "temperature", 29.5); // inside the deadband: still active
        await StoreAsync(deviceId, "temperature", 32);

        var runs = await RunsWhenAsync(ruleId, r => Finished(r, 1), "one finished run");
        var run = Assert.Single(runs.EnumerateArray());
        Assert.Equal(31, run.GetProperty("triggerValue").GetDouble());
        // The device is not connected: the command fails as "offline", and the run says so.
        Assert.Equal("failed", run.GetProperty("status").GetString());
        var steps = run.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal("ok", steps[0].GetProperty("outcome").GetString());
        Assert.Equal("failed", steps[1].GetProperty("outcome").GetString());
        Assert.Contains("offline", steps[1].GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);

        var log = await Admin.GetFromJsonAsync<JsonElement>($"api/v1/commands/{steps[1].GetProperty("commandId").GetInt64()}");
        Assert.Equal("automatic", log.GetProperty("origin").GetString());
        Assert.Equal(2, log.GetProperty("operationType").GetInt32());
        Assert.Contains("'too hot'", log.GetProperty("issuedBy").GetString());
        Assert.Contains($"run {run.GetProperty("id").GetInt64()}", log.GetProperty("issuedBy").GetString());

        var alarms = await Admin.GetFromJsonAsync<JsonElement>($"api/v1/alarms?deviceId={deviceId}&state=active-unacknowledged");
        var alarm = Assert.Single(alarms.EnumerateArray());
        Assert.Equal("critical", alarm.GetProperty("severity").GetString());
        var acked = await Admin.PostAsJsonAsync($"api/v1/alarms/{alarm.GetProperty("id").GetInt64()}/acknowledge", new { comment = "fan checked" });
        var ackedAlarm = await acked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("active-acknowledged", ackedAlarm.GetProperty("state").GetString());
        Assert.Equal("admin", ackedAlarm.GetProperty("acknowledgedBy").GetString());
        Assert.Equal("fan checked", ackedAlarm.GetProperty("comment").GetString());
    }

    [Fact]
    public async Task An_active_alarm_is_unique_per_device_and_type()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        for (var i = 0; i < 3; i++)
        {
            (await Admin.PostAsJsonAsync("api/v1/alarms", new { deviceId, type = "door", severity = i == 2 ? "minor" : "major" })).EnsureSuccessStatusCode();
        }
        var active = await Admin.GetFromJsonAsync<JsonElement>($"api/v1/alarms?deviceId={deviceId}&state=active");
        Assert.Equal("minor", Assert.Single(active.EnumerateArray()).GetProperty("severity").GetString());

        var id = active[0].GetProperty("id").GetInt64();
        var cleared = await (await Admin.PostAsync($"api/v1/alarms/{id}/clear", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cleared-unacknowledged", cleared.GetProperty("state").GetString());
        (await Admin.PostAsJsonAsync("api/v1/alarms", new { deviceId, type = "door" })).EnsureSuccessStatusCode();
        Assert.Equal(2, (await Admin.GetFromJsonAsync<JsonElement>($"api/v1/alarms?deviceId={deviceId}")).GetArrayLength());
    }

    [Theory]
    [InlineData("""{"name":"x","trigger":{"kind":"threshold","deviceId":"NOPE-1","key":"t","operator":">","value":1},"actions":[{"kind":"delay","duration":"PT1S"}]}""", "no device with id 'NOPE-1'")]
    [InlineData("""{"name":"x","trigger":{"kind":"threshold","key":"t","operator":"=>","value":1},"actions":[{"kind":"delay","duration":"PT1S"}]}""", "trigger.operator")]
    [InlineData("""{"name":"x","trigger":{"kind":"threshold","key":"t","operator":">","value":1,"for":"30 seconds"},"actions":[{"kind":"delay","duration":"PT1S"}]}""", "trigger.for: '30 seconds' is not an ISO 8601 duration")]
    [InlineData("""{"name":"x","trigger":{"kind":"threshold","key":"t","operator":"between","value":1},"actions":[{"kind":"delay","duration":"PT1S"}]}""", "trigger.values")]
    [InlineData("""{"name":"x","trigger":{"kind":"threshold","key":"t","operator":">","value":1},"actions":[]}""", "actions")]
    [InlineData("""{"name":"x","trigger":{"kind":"sometimes"},"actions":[{"kind":"delay","duration":"PT1S"}]}""", "trigger.kind")]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{"name":"x","trigger":{"kind":"threshold","key":"t","operator":">","value":1},"conditions":{"all":[{"kind":"online","deviceId":"NOPE-2"}]},"actions":[{"kind":"delay","duration":"PT1S"}]}""", "conditions: no device with id 'NOPE-2'")]
    [InlineData("""{"name":"x","trigger":{"kind":"threshold","key":"t","operator":">","value":1},"conditions":{"any":[{"kind":"timeWindow","from":"7pm","to":"06:00"}]},"actions":[{"kind":"delay","duration":"PT1S"}]}""", "conditions.any[0].from: a time of day as HH:mm")]
    [InlineData("""{"name":"x","trigger":{"kind":"attribute","key":"version","on":"updated"},"actions":[{"kind":"delay","duration":"PT1S"}]}""", "trigger.on: reported or changed")]
    public async Task A_bad_rule_is_refused_with_a_problem_naming_the_field(string body, string expected)
    {
        var response = await Admin.PostAsync("api/v1/rules", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(expected, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_viewer_reads_rules_but_cannot_change_them()
    {
        (await Admin.PostAsJsonAsync("api/v1/users", new { username = "vera", password = "viewer-password-9", role = "Viewer" })).EnsureSuccessStatusCode();
        using var viewer = await Host.CreateSignedInClientAsync("vera", "viewer-password-9");
        var rule = await CreateRuleAsync(new
        {
            name = "quiet", trigger = new { kind = "changed", key = "k" }, actions = new object[] { new { kind = "delay", duration = "PT1S" } },
        });
        var id = rule.GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"api/v1/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"api/v1/rules/{id}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"api/v1/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync($"api/v1/rules/{id}/disable", null)).StatusCode);
        Assert.False((await Admin.GetFromJsonAsync<JsonElement>($"api/v1/rules/{id}")).GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"api/v1/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"api/v1/rules/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_backtest_replays_stored_telemetry_with_for_and_deadband_and_says_what_it_would_have_sent()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds());
        // Every 10 s for an hour: 29.9 / 30.1 flapping, then 35 for two minutes, then 20, then 35 for only 20 s.
        for (var i = 0; i < 360; i++)
        {
            var at = start.AddSeconds(10 * i);
            var value = i < 100 ? (i % 2 == 0 ? 29.9 : 30.1) : i < 112 ? 35 : i < 200 ? 20 : i < 202 ? 35 : 20;
            await StoreAsync(deviceId, "temperature", value, at);
        }
        var rule = await CreateRuleAsync(new
        {
            name = "hot for a minute", enabled = false,
            trigger = new { kind = "threshold", deviceId, key = "temperature", @operator = ">", value = 30, deadband = 1, @for = "PT1M" },
            actions = new object[] { new { kind = "command", name = "fan", @params = new { on = true } } },
        });

        var response = await Admin.PostAsJsonAsync($"api/v1/rules/{rule.GetProperty("id").GetInt64()}/backtest",
            new { deviceId, from = start.AddSeconds(-1), to = start.AddHours(1) });

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(360, result.GetProperty("pointsReplayed").GetInt64());
        var firing = Assert.Single(result.GetProperty("firings").EnumerateArray());
        // Armed at 990 s (the last flap, 30.1, already holds), fired 60 s later.
        Assert.Equal(start.AddSeconds(990 + 60), firing.GetProperty("at").GetDateTimeOffset());
        var sent = Assert.Single(firing.GetProperty("wouldSend").EnumerateArray());
        Assert.Equal("fan", sent.GetProperty("name").GetString());
        Assert.Equal($"device:{deviceId}", sent.GetProperty("target").GetString());
    }

    [Fact]
    public async Task A_rule_that_keeps_commanding_the_device_that_triggers_it_is_dropped_as_a_loop_and_the_breaker_disables_a_runaway()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        var rule = await CreateRuleAsync(new
        {
            name = "echo", trigger = new { kind = "changed", deviceId, key = "level" },
            actions = new object[] { new { kind = "command", name = "nudge" } },
        });
        var id = rule.GetProperty("id").GetInt64();
        await StoreAsync(deviceId, "level", 0);
        // Each change commands the device that triggered it: depth 0, 1, 2, 3, then "loop suspected".
        for (var i = 1; i <= 5; i++)
        {
            await StoreAsync(deviceId, "level", i);
            await RunsWhenAsync(id, r => Finished(r, i), $"{i} runs");
        }
        var runs = (await Admin.GetFromJsonAsync<JsonElement>($"api/v1/rules/{id}/runs")).EnumerateArray().Reverse().ToList();
        Assert.Equal([0, 1, 2, 3, 4], runs.Select(r => r.GetProperty("depth").GetInt32()));
        Assert.Equal("dropped", runs[4].GetProperty("status").GetString());
        Assert.Contains("Loop suspected", runs[4].GetProperty("detail").GetString());

        // Eight firings a minute at most (this host's setting): the ninth trips the breaker.
        for (var i = 6; i <= 12; i++) await StoreAsync(deviceId, "level", i);
        var disabled = await Eventually.GetAsync(() => Admin.GetFromJsonAsync<JsonElement>($"api/v1/rules/{id}"),
            r => !r.GetProperty("enabled").GetBoolean(), TimeSpan.FromSeconds(20));
        Assert.Contains("Breaker", disabled.GetProperty("disabledReason").GetString());
    }

    [Fact]
    public async Task A_command_that_fails_fires_a_command_outcome_rule_with_the_log_entry_as_its_value()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        var rule = await CreateRuleAsync(new
        {
            name = "command failed", trigger = new { kind = "commandOutcome", deviceId, outcomes = new[] { "failed" } },
            actions = new object[] { new { kind = "alarm.raise", type = "command-failed", severity = "minor" } },
        });

        var sent = await Admin.PostAsJsonAsync($"api/v1/devices/{deviceId}/commands", new { kind = "command", name = "reboot" });
        var entry = await sent.Content.ReadFromJsonAsync<JsonElement>();

        var runs = await RunsWhenAsync(rule.GetProperty("id").GetInt64(), r => Finished(r, 1), "one run");
        Assert.Equal(entry.GetProperty("id").GetInt64(), runs[0].GetProperty("triggerValue").GetInt64());
        Assert.Equal("CommandOutcome", runs[0].GetProperty("reason").GetString());
        Assert.Single((await Admin.GetFromJsonAsync<JsonElement>($"api/v1/alarms?deviceId={deviceId}&type=command-failed")).EnumerateArray());
    }

    [Fact]
    public async Task The_rules_and_alarms_pages_list_what_the_api_created()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        await CreateRuleAsync(new
        {
            name = "page rule", trigger = new { kind = "changed", deviceId, key = "k" }, actions = new object[] { new { kind = "delay", duration = "PT1S" } },
        });
        (await Admin.PostAsJsonAsync("api/v1/alarms", new { deviceId, type = "door-open", severity = "critical" })).EnsureSuccessStatusCode();

        var rules = await Admin.GetStringAsync("rules");
        var alarms = await Admin.GetStringAsync("alarms");

        Assert.Contains("page rule", rules);
        Assert.Contains("data-testid=\"rule-row\"", rules);
        Assert.Contains("door-open", alarms);
        Assert.Contains("data-state=\"active-unacknowledged\"", alarms);
    }
}
