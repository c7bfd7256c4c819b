using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NovaConsole.Tests.Devices.Tcp;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Devices;

/// <summary>A device's status history never shows it online across a server stop, whether the stop was orderly or a kill.</summary>
public sealed class PresenceAcrossRestartsTests
{
    private static async Task<(string DeviceId, string Key)> CreateDeviceAsync(HttpClient admin)
    {
        var created = await (await admin.PostAsJsonAsync("api/v1/devices", new { name = "Restart probe" })).Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("deviceId").GetString()!, created.GetProperty("key").GetString()!);
    }

    private static async Task<RawTcpDevice> ConnectOnlineAsync(System.Net.IPEndPoint tcp, string deviceId, string key)
    {
        var device = await RawTcpDevice.ConnectAsync(tcp);
        await device.SendLineAsync(new { type = "auth", device_id = deviceId, device_key = key });
        Assert.Equal("success", (await device.ReadLineAsync())?.GetProperty("result").GetString());
        return device;
    }

    private static Task<JsonElement> NewestHistoryAsync(HttpClient admin, string deviceId, Func<JsonElement, bool> done) =>
        Eventually.GetAsync(async () => (await admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}/status-history?take=1"))
            .EnumerateArray().FirstOrDefault(), done, TimeSpan.FromSeconds(20));

    private static async Task<(long Online, string Reason)> NewestRowInDatabaseAsync(string dataPath, string deviceId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "novaconsole.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT online, reason FROM device_status_history WHERE device_id = $d ORDER BY at_utc DESC, id DESC LIMIT 1";
        command.Parameters.AddWithValue("$d", deviceId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetString(1));
    }

    [Fact]
    public async Task After_a_kill_the_next_start_records_every_device_that_was_online_as_offline_server_stopped()
    {
        var dataPath = Directory.CreateTempSubdirectory("novaconsole-presence-").FullName;
        string deviceId;
        await using (var first = await ChildAppProcess.StartAsync(dataPath))
        {
            using var admin = await first.CreateAdminClientAsync(dataPath);
            (deviceId, var key) = await CreateDeviceAsync(admin);
            await using var device = await ConnectOnlineAsync(new(System.Net.IPAddress.Loopback, first.Port("device-tcp")), deviceId, key);
            await NewestHistoryAsync(admin, deviceId, e => e.ValueKind == JsonValueKind.Object && e.GetProperty("online").GetBoolean());
            await first.KillAsync();
        }

        await using var second = await ChildAppProcess.StartAsync(dataPath);
        using var again = await second.SignInAsync();
        var newest = await NewestHistoryAsync(again, deviceId, e => e.ValueKind == JsonValueKind.Object);

        Assert.False(newest.GetProperty("online").GetBoolean());
        Assert.Equal("server stopped", newest.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_orderly_stop_leaves_no_device_online_in_the_history()
    {
        await using var host = await AppHost.StartWithAdminAsync();
        using var admin = await host.CreateSignedInClientAsync();
        var (deviceId, key) = await CreateDeviceAsync(admin);
        await using var device = await ConnectOnlineAsync(host.Listener("device-tcp"), deviceId, key);
        await NewestHistoryAsync(admin, deviceId, e => e.ValueKind == JsonValueKind.Object && e.GetProperty("online").GetBoolean());

        await host.StopAsync();

        var (online, reason) = await NewestRowInDatabaseAsync(host.DataPath, deviceId);
        Assert.Equal(0, online);
        Assert.False(string.IsNullOrEmpty(reason));
    }
}
