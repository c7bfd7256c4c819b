using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

public sealed class DeviceApiTests : SignedInAppTests
{
    private async Task<DeviceDto> CreateAsync(object body)
    {
        var response = await Admin.PostAsJsonAsync("api/v1/devices", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DeviceDto>())!;
    }

    [Fact]
    public async Task Create_returns_the_key_once_and_reads_never_do()
    {
        var created = await CreateAsync(new
        {
            deviceId = "greenhouse-1",
            name = "Greenhouse 1",
            description = "North wall",
            tags = new[] { "north", "Greenhouse" },
            sensors = new[] { new { valueKey = "temperature", name = "Temperature", unit = "°C", dataType = "number" } },
            actuators = new object[]
            {
                new { key = "fan_speed", name = "Fan", type = "number", min = 0, max = 100 },
                new { key = "mode", name = "Mode", type = "enum", options = new[] { "auto", "manual" } },
            },
        });

        var one = await Admin.GetStringAsync("api/v1/devices/greenhouse-1");
        var list = await Admin.GetStringAsync("api/v1/devices");

        Assert.Equal("greenhouse-1", created.DeviceId);
        Assert.Equal(32, created.Key!.Length);
        Assert.Equal(["Greenhouse", "north"], created.Tags);
        Assert.Equal("°C", created.Sensors![0].Unit);
        Assert.Equal(["auto", "manual"], created.Actuators![1].Options!);
        Assert.DoesNotContain(created.Key, one);
        Assert.DoesNotContain(created.Key, list);
        Assert.False(System.Text.Json.JsonDocument.Parse(one).RootElement.TryGetProperty("key", out _));
        Assert.DoesNotContain("hash", one, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Greenhouse 1", list);
    }

    [Fact]
    public async Task The_database_holds_only_a_hash_of_the_key()
    {
        var created = await CreateAsync(new { name = "Probe" });

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Host.DataPath, "novaconsole.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM devices";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var row = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i))).ToList();
        var stored = reader.GetString(reader.GetOrdinal("key_hash"));

        Assert.DoesNotContain(row, value => value!.Contains(created.Key!));
        Assert.Matches("^[0-9a-f]{64}$", stored);
    }

    [Fact]
    public async Task A_device_without_an_id_gets_one_like_DEV_123456()
    {
        var first = await CreateAsync(new { name = "Generated 1" });
        var second = await CreateAsync(new { name = "Generated 2" });

        Assert.Matches(new Regex(@"^DEV-\d{6}$"), first.DeviceId);
        Assert.Matches(new Regex(@"^DEV-\d{6}$"), second.DeviceId);
        Assert.NotEqual(first.DeviceId, second.DeviceId);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/topic")]
    [InlineData("plus+")]
    [InlineData("ümlaut")]
    [InlineData("a-very-long-device-id-that-goes-on-and-on-past-the-sixty-four-limit")]
    public async Task A_typed_device_id_with_characters_outside_letters_digits_dash_underscore_is_refused(string deviceId)
    {
        var response = await Admin.PostAsJsonAsync("api/v1/devices", new { deviceId, name = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Device id", (await Problem.ReadAsync(response)).Detail);
    }

    [Fact]
    public async Task Device_ids_are_unique_regardless_of_case()
    {
        await CreateAsync(new { deviceId = "Pump_7", name = "Pump" });

        var again = await Admin.PostAsJsonAsync("api/v1/devices", new { deviceId = "PUMP_7", name = "Other pump" });
        var lookup = await Admin.GetFromJsonAsync<DeviceDto>("api/v1/devices/pump_7");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already exists", (await Problem.ReadAsync(again)).Detail);
        Assert.Equal("Pump_7", lookup!.DeviceId);
    }

    [Fact]
    public async Task An_empty_name_is_refused_with_a_message_naming_the_field()
    {
        var response = await Admin.PostAsJsonAsync("api/v1/devices", new { name = "   " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Name is required.", (await Problem.ReadAsync(response)).Detail);
    }

    [Theory]
    [InlineData("""{"name":"d","sensors":[{"valueKey":"t","dataType":"number"},{"valueKey":"T","dataType":"number"}]}""", "used twice")]
    [InlineData("""{"name":"d","sensors":[{"valueKey":"t","dataType":"float"}]}""", "data type must be one of number, boolean, string, json")]
    [InlineData("""{"name":"d","sensors":[{"name":"no key","dataType":"number"}]}""", "Sensor #1: the value key is required")]
    [InlineData("""{"name":"d","actuators":[{"key":"fan","type":"number","min":10,"max":5}]}""", "min (10) must not be greater than max (5)")]
    [InlineData("""{"name":"d","actuators":[{"key":"mode","type":"enum"}]}""", "needs a list of options")]
    [InlineData("""{"name":"d","actuators":[{"key":"relay","type":"boolean","max":1}]}""", "min and max apply only to number actuators")]
    [InlineData("""{"name":"d","tags":["a,b"]}""", "must not contain ','")]
    public async Task Invalid_definitions_are_refused_with_a_clear_message(string json, string expected)
    {
        var response = await Admin.PostAsync("api/v1/devices", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await Problem.ReadAsync(response)).Detail);
    }

    [Theory]
    [InlineData("""{"name": "broken""")]
    [InlineData("""{"name": "x", "tags": "not-a-list"}""")]
    [InlineData("""{"name": "x", "actuators": [{"key": "k", "type": "number", "min": "low"}]}""")]
    public async Task Bad_json_is_a_400_problem_not_a_500(string json)
    {
        var response = await Admin.PostAsync("api/v1/devices", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, (await Problem.ReadAsync(response)).Status);
    }

    [Fact]
    public async Task A_viewer_reads_devices_but_cannot_change_them()
    {
        await CreateAsync(new { deviceId = "seen-by-viewer", name = "Visible" });
        await Admin.PostAsJsonAsync("api/v1/users", new { username = "vera", password = "password-123", role = "Viewer" });
        using var viewer = await Host.CreateSignedInClientAsync("vera", "password-123");

        var list = await viewer.GetAsync("api/v1/devices");
        var create = await viewer.PostAsJsonAsync("api/v1/devices", new { name = "Nope" });
        var reset = await viewer.PostAsync("api/v1/devices/seen-by-viewer/key", null);
        var delete = await viewer.DeleteAsync("api/v1/devices/seen-by-viewer");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(403, (await Problem.ReadAsync(create)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        using var anonymous = Host.CreateClient();

        var response = await anonymous.GetAsync("api/v1/devices");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Update_changes_only_what_is_sent_and_an_empty_list_clears()
    {
        await CreateAsync(new
        {
            deviceId = "boiler", name = "Boiler", description = "Basement", tags = new[] { "heat" },
            sensors = new[] { new { valueKey = "temp", dataType = "number" } },
        });

        var response = await Admin.PutAsJsonAsync("api/v1/devices/BOILER", new { name = "Boiler 2", tags = Array.Empty<string>() });
        var updated = (await response.Content.ReadFromJsonAsync<DeviceDto>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Boiler 2", updated.Name);
        Assert.Equal("Basement", updated.Description);
        Assert.Empty(updated.Tags);
        Assert.Equal("temp", Assert.Single(updated.Sensors!).ValueKey);
    }

    [Fact]
    public async Task Update_can_replace_a_sensor_with_the_same_key_in_other_case()
    {
        await CreateAsync(new { deviceId = "meter", name = "Meter", sensors = new[] { new { valueKey = "power", dataType = "number" } } });

        var response = await Admin.PutAsJsonAsync("api/v1/devices/meter",
            new { sensors = new[] { new { valueKey = "Power", unit = "W", dataType = "number" } }, tags = new[] { "A" } });
        var again = await Admin.PutAsJsonAsync("api/v1/devices/meter", new { tags = new[] { "a" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("W", (await response.Content.ReadFromJsonAsync<DeviceDto>())!.Sensors![0].Unit);
        Assert.Equal(["a"], (await again.Content.ReadFromJsonAsync<DeviceDto>())!.Tags);
    }

    [Fact]
    public async Task Key_reset_returns_a_new_key_and_records_when()
    {
        var created = await CreateAsync(new { deviceId = "rotating", name = "Rotating" });

        var response = await Admin.PostAsync("api/v1/devices/rotating/key", null);
        var reset = (await response.Content.ReadFromJsonAsync<KeyDto>())!;
        var after = (await Admin.GetFromJsonAsync<DeviceDto>("api/v1/devices/rotating"))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(created.Key, reset.Key);
        Assert.Equal(32, reset.Key.Length);
        Assert.NotNull(after.KeyRotatedUtc);
    }

    [Fact]
    public async Task Enable_disable_delete_and_bulk_change_the_device_state()
    {
        foreach (var id in new[] { "b1", "b2", "b3" }) await CreateAsync(new { deviceId = id, name = id });

        var disable = await Admin.PostAsync("api/v1/devices/b1/disable", null);
        var disabled = (await Admin.GetFromJsonAsync<DeviceDto>("api/v1/devices/b1"))!;
        var bulk = await Admin.PostAsJsonAsync("api/v1/devices/bulk", new { action = "delete", deviceIds = new[] { "B1", "b2", "ghost" } });
        var bulkResult = (await bulk.Content.ReadFromJsonAsync<BulkDto>())!;
        var gone = await Admin.GetAsync("api/v1/devices/b1");
        var enableMissing = await Admin.PostAsync("api/v1/devices/b1/enable", null);
        var delete = await Admin.DeleteAsync("api/v1/devices/b3");
        var list = (await Admin.GetFromJsonAsync<PageDto>("api/v1/devices"))!;

        Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        Assert.False(disabled.IsEnabled);
        Assert.Equal(["b1", "b2"], bulkResult.Affected.Order());
        Assert.Equal(["ghost"], bulkResult.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(404, (await Problem.ReadAsync(gone)).Status);
        Assert.Equal(HttpStatusCode.NotFound, enableMissing.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(0, list.Total);
    }

    [Fact]
    public async Task Deleting_a_device_deletes_its_tags_sensors_and_actuators()
    {
        await CreateAsync(new
        {
            deviceId = "cascade", name = "Cascade", tags = new[] { "t" },
            sensors = new[] { new { valueKey = "v", dataType = "string" } },
            actuators = new[] { new { key = "a", type = "boolean" } },
        });

        await Admin.DeleteAsync("api/v1/devices/cascade");

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Host.DataPath, "novaconsole.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM device_tags) + (SELECT COUNT(*) FROM device_sensors) + (SELECT COUNT(*) FROM device_actuators)";
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData("sort=colour")]
    [InlineData("skip=-1")]
    [InlineData("take=0")]
    [InlineData("take=many")]
    public async Task Bad_list_parameters_are_a_400_problem(string query)
    {
        var response = await Admin.GetAsync($"api/v1/devices?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, (await Problem.ReadAsync(response)).Status);
    }

    [Fact]
    public async Task A_bulk_request_with_an_unknown_action_is_refused()
    {
        var response = await Admin.PostAsJsonAsync("api/v1/devices/bulk", new { action = "explode", deviceIds = new[] { "x" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("enable", (await Problem.ReadAsync(response)).Detail);
    }
}
