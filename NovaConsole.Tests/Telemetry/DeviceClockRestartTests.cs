using System.Net.Http.Json;
using System.Text.Json;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Telemetry;

/// <summary>A device's clock offset is kept with its data (device_clock_offsets): after a restart the device API still says its clock is off.</summary>
[Trait("Needs", "mosquitto")]
public sealed class DeviceClockRestartTests : IAsyncLifetime
{
    private readonly string dataPath = ChildAppProcess.NewDataPath();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        ChildAppProcess.DeleteData(dataPath);
        return Task.CompletedTask;
    }

    private async Task<long> CountRowsAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataPath, "novaconsole.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM device_clock_offsets";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task The_clock_offset_survives_a_restart()
    {
        string deviceId;
        await using (var first = await ChildAppProcess.StartAsync(dataPath))
        {
            using var admin = await first.CreateAdminClientAsync(dataPath);
            var created = await (await admin.PostAsJsonAsync("api/v1/devices", new { name = "Clockless" })).Content.ReadFromJsonAsync<JsonElement>();
            deviceId = created.GetProperty("deviceId").GetString()!;
            var key = created.GetProperty("key").GetString()!;
            var published = await ProcessRunner.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", first.Port("mqtt").ToString(), "-u", deviceId, "-P", key,
                "-i", $"device_{deviceId}", "-q", "1", "-t", $"novacloud/devices/{deviceId}/data", "-m", """{"timestamp":1651234567,"temperature":25.5}"""]);
            Assert.Equal(0, published.ExitCode);
            await Eventually.GetAsync(() => admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}"),
                device => device.GetProperty("deviceClock").ValueKind == JsonValueKind.Object);
            // Written through in the background: wait until the row is there before the power cut.
            await Eventually.GetAsync(() => CountRowsAsync(), rows => rows == 1);
            await first.KillAsync();
        }

        await using var second = await ChildAppProcess.StartAsync(dataPath);
        using var again = await second.SignInAsync();
        var clock = (await again.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}")).GetProperty("deviceClock");
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1651234567), clock.GetProperty("deviceTime").GetDateTimeOffset());
        Assert.StartsWith("device clock off by", clock.GetProperty("summary").GetString());
    }
}
