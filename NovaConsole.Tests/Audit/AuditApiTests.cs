using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NovaConsole.Audit;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Audit;

/// <summary>The audit log records who did what to which object from where, is read-only through the API, and bounds what anonymous clients cost.</summary>
public sealed class AuditApiTests : SignedInAppTests
{
    private async Task<List<JsonElement>> AuditAsync(string query = "take=500")
    {
        var response = await Admin.GetAsync($"api/v1/audit?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
    }

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).GetString();

    private async Task<long> CreateUserAsync(string name, string role)
    {
        var response = await Admin.PostAsJsonAsync("api/v1/users", new { username = name, password = "sturdy-lantern-42", role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Device_actions_through_the_api_are_recorded_with_actor_object_and_address()
    {
        var created = await Admin.PostAsJsonAsync("api/v1/devices", new { deviceId = "boiler-1", name = "Boiler", actuators = new[] { new { key = "relay1", name = "Relay", type = "boolean" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        (await Admin.PutAsJsonAsync("api/v1/devices/boiler-1", new { name = "Boiler 1", actuators = new[] { new { key = "relay1", name = "Relay", type = "boolean" } } })).EnsureSuccessStatusCode();
        (await Admin.PostAsync("api/v1/devices/boiler-1/disable", null)).EnsureSuccessStatusCode();
        (await Admin.PostAsync("api/v1/devices/boiler-1/enable", null)).EnsureSuccessStatusCode();
        (await Admin.PostAsync("api/v1/devices/boiler-1/key", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostAsJsonAsync("api/v1/devices/boiler-1/commands", new { kind = "control", @params = new { relay1 = true } })).StatusCode);
        (await Admin.GetAsync("api/v1/devices/export.csv")).EnsureSuccessStatusCode();
        var import = new StringContent("deviceId,name\nimported-1,Imported\n", Encoding.UTF8, "text/csv");
        (await Admin.PostAsync("api/v1/devices/import", import)).EnsureSuccessStatusCode();
        (await Admin.PostAsJsonAsync("api/v1/devices/bulk", new { action = "disable", deviceIds = new[] { "imported-1", "nobody" } })).EnsureSuccessStatusCode();
        (await Admin.DeleteAsync("api/v1/devices/boiler-1")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.DeleteAsync("api/v1/devices/boiler-1")).StatusCode);

        var entries = await AuditAsync("action=device.&take=500");
        var byAction = entries.ToLookup(e => Text(e, "action"));

        Assert.Equal(
            ["device.create", "device.update", "device.disable", "device.enable", "device.key-reset", "device.export", "device.import", "device.bulk", "device.delete"],
            entries.Select(e => Text(e, "action")).Reverse().ToArray());
        Assert.All(entries, e => Assert.Equal(("admin", "admin", "127.0.0.1"), (Text(e, "actor"), Text(e, "userName"), Text(e, "address"))));
        Assert.Equal("boiler-1", Text(byAction["device.create"].Single(), "objectId"));
        Assert.Equal("boiler-1", Text(byAction["device.delete"].Single(), "objectId"));
        Assert.Equal("1 created, 0 rejected", Text(byAction["device.import"].Single(), "detail"));
        Assert.Equal("disable 2 device(s): imported-1, nobody", Text(byAction["device.bulk"].Single(), "detail"));
        var command = Assert.Single(await AuditAsync("action=command.send"));
        Assert.Equal("boiler-1", Text(command, "objectId"));
        Assert.Contains("control set_actuator", Text(command, "detail"));
    }

    [Fact]
    public async Task A_bulk_action_by_match_is_recorded_with_the_filter_and_the_devices_it_changed()
    {
        foreach (var id in new[] { "heater-1", "heater-2", "heater-3", "pump-1" })
        {
            Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync("api/v1/devices", new { deviceId = id, name = id })).StatusCode);
        }

        var response = await Admin.PostAsJsonAsync("api/v1/devices/bulk", new { action = "disable", match = new { search = "heater" }, expectedCount = 3 });
        response.EnsureSuccessStatusCode();

        var detail = Text(Assert.Single(await AuditAsync("action=device.bulk")), "detail");
        Assert.StartsWith("disable 3 device(s) matching search 'heater': ", detail);
        Assert.Equal(["heater-1", "heater-2", "heater-3"], detail![(detail.IndexOf(": ", StringComparison.Ordinal) + 2)..].Split(", ").Order().ToArray());
    }

    [Fact]
    public async Task Sign_ins_user_and_token_changes_are_recorded()
    {
        var id = await CreateUserAsync("paula", "Operator");
        (await Admin.PatchAsJsonAsync($"api/v1/users/{id}", new { role = "Viewer" })).EnsureSuccessStatusCode();
        (await Admin.PostAsJsonAsync($"api/v1/users/{id}/password", new { password = "another-sturdy-lantern" })).EnsureSuccessStatusCode();
        var token = await (await Admin.PostAsJsonAsync("api/v1/tokens", new { name = "nightly" })).Content.ReadFromJsonAsync<JsonElement>();
        (await Admin.DeleteAsync($"api/v1/tokens/{token.GetProperty("id").GetInt64()}")).EnsureSuccessStatusCode();
        (await Admin.DeleteAsync($"api/v1/users/{id}")).EnsureSuccessStatusCode();
        using var other = await Host.CreateSignedInClientAsync();
        (await other.PostAsync("api/v1/auth/logout", null)).EnsureSuccessStatusCode();

        var actions = (await AuditAsync()).Select(e => (Text(e, "action"), Text(e, "objectId"))).Reverse().ToList();

        Assert.Equal(
        [
            ("user.create", "admin"), ("auth.sign-in", "admin"), ("user.create", "paula"), ("user.update", "paula"), ("user.password-reset", "paula"),
            ("token.create", "nightly"), ("token.revoke", "nightly"), ("user.delete", "paula"), ("auth.sign-in", "admin"), ("auth.sign-out", "admin"),
        ], actions);
    }

    [Fact]
    public async Task A_command_sent_with_an_api_token_names_the_token_in_the_operation_log_and_the_audit()
    {
        (await Admin.PostAsJsonAsync("api/v1/devices", new { deviceId = "pump-9", name = "Pump", actuators = new[] { new { key = "relay1", name = "Relay", type = "boolean" } } })).EnsureSuccessStatusCode();
        var token = (await (await Admin.PostAsJsonAsync("api/v1/tokens", new { name = "ci-bot" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var script = Host.CreateCrossSiteClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var sent = await (await script.PostAsJsonAsync("api/v1/devices/pump-9/commands", new { kind = "control", @params = new { relay1 = true } })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("token:ci-bot", Text(sent, "issuedBy"));
        var audited = Assert.Single(await AuditAsync("action=command.send"));
        Assert.Equal(("token:ci-bot", "admin"), (Text(audited, "actor"), Text(audited, "userName")));
        Assert.Single(await AuditAsync("actor=token:"));
    }

    [Fact]
    public async Task Failed_sign_ins_are_recorded_but_an_anonymous_flood_is_bounded()
    {
        using var stranger = Host.CreateClient();
        for (var i = 0; i < AnonymousAuditLimit.PerAddressPerMinute + 10; i++)
        {
            var failed = await stranger.PostAsJsonAsync("api/v1/auth/login", new { username = $"ghost{i % 3}", password = "wrong-password-here" });
            Assert.True(failed.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Locked);
        }

        var failures = await AuditAsync("action=auth.");
        var anonymous = failures.Where(e => Text(e, "action") != "auth.sign-in").ToList();

        Assert.InRange(anonymous.Count, 1, AnonymousAuditLimit.PerAddressPerMinute);
        Assert.All(anonymous, e => Assert.Null(Text(e, "userName")));
        Assert.Contains(anonymous, e => Text(e, "action") == "auth.sign-in-failed" && Text(e, "actor") == "ghost0");
    }

    [Fact]
    public async Task The_log_is_admin_only_read_only_and_refuses_changes_in_the_database_too()
    {
        await CreateUserAsync("vera", "Viewer");
        using var viewer = await Host.CreateSignedInClientAsync("vera", "sturdy-lantern-42");
        var entry = (await AuditAsync()).First();

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("api/v1/audit/export.csv")).StatusCode);
        Assert.True((await Admin.DeleteAsync($"api/v1/audit/{entry.GetProperty("id").GetInt64()}")).StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed);
        Assert.True((await Admin.PutAsJsonAsync("api/v1/audit", new { })).StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed);

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Host.DataPath, "novaconsole.db")}");
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE audit_log SET actor = 'nobody'", "DELETE FROM audit_log" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var refused = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.Message);
        }
    }

    [Fact]
    public async Task Filters_paging_and_csv_export()
    {
        for (var i = 0; i < 5; i++) await CreateUserAsync($"user{i}", "Viewer");

        var response = await Admin.GetAsync("api/v1/audit?action=user.create&take=2&skip=1");
        var page = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(e => Text(e, "objectId")).ToList();
        var from = Uri.EscapeDataString(DateTime.UtcNow.AddMinutes(5).ToString("O"));
        var csv = await Admin.GetStringAsync("api/v1/audit/export.csv?action=user.");

        Assert.Equal("6", response.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(["user3", "user2"], page);
        Assert.Empty(await AuditAsync($"from={from}"));
        Assert.Single(await AuditAsync("object=user4"));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(AuditCsv.Header, lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.Equal("setup-token", lines[^1].Split(',')[2]);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.GetAsync("api/v1/audit?take=0")).StatusCode);
    }
}
