using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NovaConsole.Commands;
using NovaConsole.Devices;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Settings;

/// <summary>Operator settings: saved in SQLite, applied without a restart, Admin only, every change audited.</summary>
public sealed class SettingsApiTests : SignedInAppTests
{
    private async Task<Dictionary<string, JsonElement>> SettingsAsync() =>
        (await Admin.GetFromJsonAsync<JsonElement>("api/v1/settings")).EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);

    [Fact]
    public async Task Settings_list_their_configured_values_and_that_none_needs_a_restart()
    {
        var settings = await SettingsAsync();

        Assert.Equal(["publicAddress", "retentionDays", "commandTimeoutSeconds", "lockoutThreshold", "lockoutMinutes"], settings.Keys);
        Assert.Equal("30", settings["commandTimeoutSeconds"].GetProperty("value").GetString());
        Assert.Equal("configuration", settings["commandTimeoutSeconds"].GetProperty("source").GetString());
        Assert.All(settings.Values, s => Assert.False(s.GetProperty("restartRequired").GetBoolean()));
        Assert.All(settings.Values, s => Assert.False(string.IsNullOrEmpty(s.GetProperty("appliesWhen").GetString())));
    }

    [Fact]
    public async Task A_change_is_saved_applied_at_once_and_audited()
    {
        var response = await Admin.PutAsJsonAsync("api/v1/settings", new { commandTimeoutSeconds = 45, retentionDays = "7", publicAddress = "iot.example.com" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(45, Host.Services.GetRequiredService<IOptionsMonitor<CommandsOptions>>().CurrentValue.TimeoutSeconds);
        Assert.Equal(7, Host.Services.GetRequiredService<IOptionsMonitor<TelemetryOptions>>().CurrentValue.RetentionDays);
        Assert.Equal("iot.example.com", Host.Services.GetRequiredService<DeviceConnectionSettings>().For("127.0.0.1", "dev-1", "key").Host);
        var settings = await SettingsAsync();
        Assert.Equal(("45", "console", "30"), (settings["commandTimeoutSeconds"].GetProperty("value").GetString(),
            settings["commandTimeoutSeconds"].GetProperty("source").GetString(), settings["commandTimeoutSeconds"].GetProperty("configuredValue").GetString()));
        Assert.Equal("admin", settings["commandTimeoutSeconds"].GetProperty("updatedBy").GetString());

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(Host.DataPath, "novaconsole.db")};Mode=ReadOnly"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM settings WHERE key = 'Commands:TimeoutSeconds'";
            Assert.Equal("45", await command.ExecuteScalarAsync());
        }
        var audit = (await Admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=settings.")).EnumerateArray()
            .ToDictionary(e => e.GetProperty("objectId").GetString()!, e => e.GetProperty("detail").GetString());
        Assert.Equal("30 -> 45", audit["commandTimeoutSeconds"]);
        Assert.Equal("(empty) -> iot.example.com", audit["publicAddress"]);
    }

    [Fact]
    public async Task A_lowered_lockout_threshold_locks_at_the_next_sign_ins()
    {
        (await Admin.PutAsJsonAsync("api/v1/settings", new { lockoutThreshold = 2 })).EnsureSuccessStatusCode();
        using var client = Host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("api/v1/auth/login", new { username = "admin", password = "not-the-password" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Locked, HttpStatusCode.Locked], statuses);
    }

    [Fact]
    public async Task Null_restores_the_configured_value()
    {
        (await Admin.PutAsJsonAsync("api/v1/settings", new { lockoutMinutes = 60 })).EnsureSuccessStatusCode();
        (await Admin.PutAsync("api/v1/settings", JsonContent.Create(JsonDocument.Parse("""{"lockoutMinutes": null}""").RootElement))).EnsureSuccessStatusCode();

        var setting = (await SettingsAsync())["lockoutMinutes"];
        Assert.Equal(("15", "configuration"), (setting.GetProperty("value").GetString(), setting.GetProperty("source").GetString()));
    }

    [Theory]
    [InlineData("""{"commandTimeoutSeconds": 0}""", "commandTimeoutSeconds must be between 1 and 3600.")]
    [InlineData("""{"retentionDays": "soon"}""", "retentionDays must be a whole number.")]
    [InlineData("""{"publicAddress": "http://x.example/"}""", "publicAddress must be a host name or an IP address")]
    [InlineData("""{"mqttPort": 1}""", "'mqttPort' is not a setting")]
    [InlineData("""{}""", "Name at least one setting to change.")]
    [InlineData("""[1]""", "Send a JSON object")]
    [InlineData("""{"lockoutThreshold": 3, "lockoutMinutes": -1}""", "lockoutMinutes must be between 1 and 1440.")]
    public async Task Bad_values_are_refused_and_nothing_changes(string body, string detail)
    {
        var response = await Admin.PutAsync("api/v1/settings", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(detail, (await Problem.ReadAsync(response)).Detail);
        Assert.All((await SettingsAsync()).Values, s => Assert.Equal("configuration", s.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Only_admins_read_or_change_settings()
    {
        (await Admin.PostAsJsonAsync("api/v1/users", new { username = "otto", password = "sturdy-lantern-42", role = "Operator" })).EnsureSuccessStatusCode();
        using var operatorClient = await Host.CreateSignedInClientAsync("otto", "sturdy-lantern-42");

        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("api/v1/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PutAsJsonAsync("api/v1/settings", new { lockoutThreshold = 100 })).StatusCode);
    }
}
