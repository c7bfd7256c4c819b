using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Automation;

/// <summary>The schedules page, the device page's alarm badge and the CSV exports of runs and alarms, through the real app.</summary>
public sealed class AutomationPagesTests : SignedInAppTests
{
    private async Task<long> CreateRuleAsync(object body)
    {
        var response = await Admin.PostAsJsonAsync("api/v1/rules", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task The_schedules_page_lists_each_schedule_rule_with_its_next_three_runs()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        var ruleId = await CreateRuleAsync(new
        {
            name = "morning lights", trigger = new { kind = "schedule", deviceId, cron = "30 6 * * *", timeZone = "Asia/Shanghai", missed = "once" },
            actions = new object[] { new { kind = "alarm.raise", type = "lights" } },
        });

        var html = await Admin.GetStringAsync("schedules");

        Assert.Contains($"data-rule=\"{ruleId}\"", html);
        Assert.Contains("morning lights", html);
        Assert.Contains("Asia/Shanghai", html);
        // 06:30 in Shanghai is 22:30 UTC the day before; the page's times carry the UTC instant.
        var next = System.Text.RegularExpressions.Regex.Matches(html, "data-testid=\"schedule-next\"><time datetime=\"([^\"]+)\"").Select(m => DateTimeOffset.Parse(WebUtility.HtmlDecode(m.Groups[1].Value))).ToList();
        Assert.Equal(3, next.Count);
        Assert.All(next, n => Assert.Equal(new TimeSpan(22, 30, 0), n.UtcDateTime.TimeOfDay));
        Assert.Equal([TimeSpan.FromDays(1), TimeSpan.FromDays(1)], next.Zip(next.Skip(1), (a, b) => b - a));
    }

    [Fact]
    public async Task The_device_page_shows_how_many_alarms_are_active_and_the_alarms_export_as_csv()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        Assert.DoesNotContain("device-alarm-badge", await Admin.GetStringAsync($"devices/{deviceId}"));
        foreach (var type in new[] { "door-open", "low-battery, \"urgent\"", "=cmd" })
        {
            (await Admin.PostAsJsonAsync("api/v1/alarms", new { deviceId, type, severity = "minor" })).EnsureSuccessStatusCode();
        }
        var alarms = await Admin.GetFromJsonAsync<JsonElement>($"api/v1/alarms?deviceId={deviceId}");
        (await Admin.PostAsync($"api/v1/alarms/{alarms[0].GetProperty("id").GetInt64()}/clear", null)).EnsureSuccessStatusCode();

        var page = await Admin.GetStringAsync($"devices/{deviceId}");
        Assert.Contains("data-count=\"2\"", page);
        Assert.Contains("Active alarms: 2", page);

        var csv = await Admin.GetStringAsync($"api/v1/alarms/export.csv?deviceId={deviceId}&state=active");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,device_id,type,severity,state,message,raised_utc,cleared_utc,acknowledged_by,acknowledged_utc,comment,rule_id,run_id", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"low-battery, \"\"urgent\"\"\"", csv);
        Assert.Contains(",door-open,minor,active-unacknowledged,", csv);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.GetAsync("api/v1/alarms/export.csv?state=sleeping")).StatusCode);
    }

    [Fact]
    public async Task A_rules_runs_export_as_csv_with_their_conditions_and_steps()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        var ruleId = await CreateRuleAsync(new
        {
            name = "command failed", trigger = new { kind = "commandOutcome", deviceId },
            conditions = new { all = new object[] { new { kind = "timeWindow", from = "00:00", to = "23:59" } } },
            actions = new object[] { new { kind = "alarm.raise", type = "command-failed" } },
        });
        (await Admin.PostAsJsonAsync($"api/v1/devices/{deviceId}/commands", new { kind = "command", name = "reboot" })).EnsureSuccessStatusCode();
        await Eventually.GetAsync(() => Admin.GetFromJsonAsync<JsonElement>($"api/v1/rules/{ruleId}/runs"),
            runs => runs.GetArrayLength() == 1 && runs[0].GetProperty("status").GetString() is "succeeded" or "not-met");

        var csv = await Admin.GetStringAsync($"api/v1/rules/{ruleId}/runs/export.csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,rule_id,device_id,reason,trigger_value,fired_at_utc,finished_utc,depth,status,detail,conditions,steps", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains("CommandOutcome", lines[1]);
        Assert.Contains("time sun,mon,tue,wed,thu,fri,sat 00:00-23:59", lines[1]);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("api/v1/rules/999/runs/export.csv")).StatusCode);
    }
}
