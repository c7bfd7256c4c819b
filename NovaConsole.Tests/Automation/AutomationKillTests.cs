using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Automation;

/// <summary>
/// kill -9 of the real executable: a run waiting in a delay action goes on once after the restart, and schedules due
/// while the process was down follow their missed-run policy (skip, once, all up to k), once.
/// </summary>
public sealed class AutomationKillTests : IAsyncLifetime
{
    private readonly string dataPath = ChildAppProcess.NewDataPath();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        ChildAppProcess.DeleteData(dataPath);
        return Task.CompletedTask;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "novaconsole.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static async Task<long> CreateRuleAsync(HttpClient admin, object body)
    {
        var response = await admin.PostAsJsonAsync("api/v1/rules", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static Task<JsonElement> RunsAsync(HttpClient admin, long ruleId) => admin.GetFromJsonAsync<JsonElement>($"api/v1/rules/{ruleId}/runs");

    private static int Count(JsonElement runs, string reason) => runs.EnumerateArray().Count(r => r.GetProperty("reason").GetString() == reason);

    [Fact]
    public async Task A_run_waiting_in_a_delay_and_schedules_missed_while_killed_are_handled_once_after_the_restart()
    {
        string deviceId;
        long delayed, skip, once, all;
        await using (var first = await ChildAppProcess.StartAsync(dataPath))
        {
            using var admin = await first.CreateAdminClientAsync(dataPath);
            var created = await (await admin.PostAsJsonAsync("api/v1/devices", new { name = "Killed" })).Content.ReadFromJsonAsync<JsonElement>();
            deviceId = created.GetProperty("deviceId").GetString()!;
            delayed = await CreateRuleAsync(admin, new
            {
                name = "wait then alarm", trigger = new { kind = "commandOutcome", deviceId, outcomes = new[] { "failed" } },
                actions = new object[]
                {
                    new { kind = "alarm.raise", type = "before" }, new { kind = "delay", duration = "PT5S" }, new { kind = "alarm.raise", type = "after" },
                },
            });
            object Schedule(string name, string missed) => new
            {
                name, trigger = new { kind = "schedule", deviceId, cron = "* * * * *", timeZone = "Europe/Berlin", missed, maxMissed = 3 },
                actions = new object[] { new { kind = "alarm.raise", type = name } },
            };
            skip = await CreateRuleAsync(admin, Schedule("skip", "skip"));
            once = await CreateRuleAsync(admin, Schedule("once", "once"));
            all = await CreateRuleAsync(admin, Schedule("all", "all"));

            // The device is offline, so the command fails and the rule's run starts: the first alarm, then the wait.
            (await admin.PostAsJsonAsync($"api/v1/devices/{deviceId}/commands", new { kind = "command", name = "reboot" })).EnsureSuccessStatusCode();
            await Eventually.GetAsync(() => RunsAsync(admin, delayed), runs => runs.GetArrayLength() == 1 && runs[0].GetProperty("status").GetString() == "waiting");
            await first.KillAsync();
        }
        // Down for longer than the delay (its due time passes while nothing runs), and, for the schedules, as if for
        // ten minutes: their marks and the rules' last change move back ten minutes.
        var due = DateTime.Parse(await ScalarAsync<string>("SELECT due_utc FROM automation_delays"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        await Eventually.GetAsync(() => Task.FromResult(DateTime.UtcNow), now => now > due.AddSeconds(1));
        var tenMinutesAgo = DateTime.UtcNow.AddMinutes(-10).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
        await ScalarAsync<long>($"UPDATE automation_rules SET updated_utc = '{tenMinutesAgo}' WHERE id IN ({skip}, {once}, {all}); SELECT changes();");
        await ScalarAsync<long>($"UPDATE automation_rule_states SET fired_at_utc = '{tenMinutesAgo}' WHERE device_id = '*schedule'; SELECT changes();");

        await using (var second = await ChildAppProcess.StartAsync(dataPath))
        {
            using var admin = await second.SignInAsync();
            var runs = await Eventually.GetAsync(() => RunsAsync(admin, delayed), r => r.GetArrayLength() == 1 && r[0].GetProperty("status").GetString() == "succeeded");
            Assert.Equal(["ok", "ok", "ok"], runs[0].GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("outcome").GetString()));
            var after = await admin.GetFromJsonAsync<JsonElement>($"api/v1/alarms?deviceId={deviceId}&type=after&state=active");
            Assert.Single(after.EnumerateArray());

            await Eventually.GetAsync(() => RunsAsync(admin, all), r => Count(r, "MissedSchedule") == 3);
            await Eventually.GetAsync(() => RunsAsync(admin, once), r => Count(r, "MissedSchedule") == 1);
            Assert.Equal(0, Count(await RunsAsync(admin, skip), "MissedSchedule"));
            await second.KillAsync();
        }

        // Once more: nothing missed is run twice, and the finished delayed run stays one run. The schedule job's run at
        // start moves every mark to its start; once it has, its plan is made.
        var thirdStart = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
        await using var third = await ChildAppProcess.StartAsync(dataPath);
        using var again = await third.SignInAsync();
        await Eventually.GetAsync(() => ScalarAsync<long>($"SELECT COUNT(*) FROM automation_rule_states WHERE device_id = '*schedule' AND fired_at_utc > '{thirdStart}'"),
            marks => marks == 3);
        Assert.Equal(3, Count(await RunsAsync(again, all), "MissedSchedule"));
        Assert.Equal(1, Count(await RunsAsync(again, once), "MissedSchedule"));
        Assert.Single((await RunsAsync(again, delayed)).EnumerateArray());
        Assert.Equal(0L, await ScalarAsync<long>("SELECT COUNT(*) FROM automation_delays"));
    }
}
