using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Telemetry;

public sealed class TelemetryApiTests : IAsyncLifetime
{
    private AppHost host = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        host = await AppHost.StartWithAdminAsync("--Telemetry:MaxChartPoints=10", "--Telemetry:MaxKeysPerDevice=20");
        client = await host.CreateSignedInClientAsync();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
    }

    private TelemetryIngest Ingest => host.Services.GetRequiredService<TelemetryIngest>();

    private static TelemetryMessage Message(string device, DateTimeOffset at, params (string Key, TelemetryValue Value)[] readings) =>
        new(device, at, readings.Select(r => new TelemetryReading(r.Key, r.Value)).ToList());

    [Fact]
    public async Task A_stored_message_is_in_the_database_file_when_storing_completes()
    {
        await Ingest.StoreAsync(Message("DEV-100001", DateTimeOffset.UtcNow, ("temperature", TelemetryValue.FromNumber(21.5))), CancellationToken.None);

        // A separate connection, as after a crash: what was acknowledged is committed.
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(host.DataPath, "novaconsole.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT p.num FROM telemetry_points p JOIN telemetry_series s ON s.id = p.series_id WHERE s.device_id = 'DEV-100001' AND s.key = 'temperature'";
        Assert.Equal(21.5, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_background_checkpoint_copies_stored_telemetry_from_the_wal_into_the_database_file()
    {
        await Ingest.StoreAsync(Message("DEV-100006", DateTimeOffset.UtcNow, ("temperature", TelemetryValue.FromNumber(33.5))), CancellationToken.None);

        // immutable=1 reads the main database file alone, ignoring the WAL: the point shows there only once checkpointed.
        var file = new Uri(Path.Combine(host.DataPath, "novaconsole.db")).AbsoluteUri + "?immutable=1";
        await Eventually.TrueAsync(() =>
        {
            using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM telemetry_points p JOIN telemetry_series s ON s.id = p.series_id WHERE s.device_id = 'DEV-100006'";
            try
            {
                return Convert.ToInt64(command.ExecuteScalar()) == 1;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 1)
            {
                return false; // the tables themselves are still only in the WAL of this fresh database
            }
        }, "the point checkpointed into novaconsole.db");
    }

    [Fact]
    public async Task Latest_values_keep_every_kind_and_an_older_reading_does_not_replace_a_newer_one()
    {
        var now = DateTimeOffset.UtcNow;
        await Ingest.StoreAsync(Message("DEV-100002", now, ("temperature", TelemetryValue.FromNumber(25.5)), ("switch", TelemetryValue.FromBoolean(true)),
            ("mode", TelemetryValue.FromText("eco")), ("gps", TelemetryValue.FromJson("""{"lat":1.5}"""))), CancellationToken.None);
        await Ingest.StoreAsync(Message("DEV-100002", now.AddMinutes(-5), ("temperature", TelemetryValue.FromNumber(-40))), CancellationToken.None);

        var latest = await client.GetFromJsonAsync<List<JsonElement>>("api/v1/devices/DEV-100002/telemetry/latest");

        var byKey = latest!.ToDictionary(v => v.GetProperty("key").GetString()!, v => v.GetProperty("value"));
        Assert.Equal(25.5, byKey["temperature"].GetDouble());
        Assert.True(byKey["switch"].GetBoolean());
        Assert.Equal("eco", byKey["mode"].GetString());
        Assert.Equal(1.5, byKey["gps"].GetProperty("lat").GetDouble());
    }

    [Fact]
    public async Task Latest_values_stored_before_a_restart_are_kept_when_a_new_reading_arrives_first()
    {
        var now = DateTimeOffset.UtcNow;
        var store = host.Services.GetRequiredService<TelemetryStore>();
        // As if stored by the previous run: in the database, not in this process's memory.
        store.WriteBatch([Message("DEV-100005", now.AddMinutes(-1), ("switch", TelemetryValue.FromBoolean(true)))]);

        await Ingest.StoreAsync(Message("DEV-100005", now, ("temperature", TelemetryValue.FromNumber(30))), CancellationToken.None);
        var latest = await client.GetFromJsonAsync<List<JsonElement>>("api/v1/devices/DEV-100005/telemetry/latest");

        Assert.Equal(["switch", "temperature"], latest!.Select(v => v.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task Latest_values_are_read_a_page_at_a_time_also_for_a_device_with_more_keys_than_the_cap()
    {
        var now = DateTimeOffset.UtcNow;
        var readings = Enumerable.Range(0, 25).Select(i => ($"k{i:D2}", TelemetryValue.FromNumber(i))).ToArray();
        // Over the cap of 20: only possible for keys stored before the cap, so straight into the database.
        host.Services.GetRequiredService<TelemetryStore>().WriteBatch([Message("DEV-100008", now, readings)]);
        await Ingest.StoreAsync(Message("DEV-100009", now, readings[..8]), CancellationToken.None);

        async Task<(string[] Keys, string? Total)> PageAsync(string device, string query)
        {
            var response = await client.GetAsync($"api/v1/devices/{device}/telemetry/latest{query}");
            response.EnsureSuccessStatusCode();
            var keys = (await response.Content.ReadFromJsonAsync<List<JsonElement>>())!.Select(v => v.GetProperty("key").GetString()!).ToArray();
            return (keys, response.Headers.TryGetValues("X-Total-Count", out var total) ? total.Single() : null);
        }

        var oversized = await PageAsync("DEV-100008", "");
        var oversizedTail = await PageAsync("DEV-100008", "?skip=20&take=10");
        var middle = await PageAsync("DEV-100009", "?skip=2&take=3");

        Assert.Equal((25, "25"), (oversized.Keys.Length, oversized.Total));
        Assert.Equal(["k20", "k21", "k22", "k23", "k24"], oversizedTail.Keys);
        Assert.Equal(["k02", "k03", "k04"], middle.Keys);
        Assert.Equal("8", middle.Total);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("api/v1/devices/DEV-100009/telemetry/latest?take=1001")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("api/v1/devices/DEV-100009/telemetry/latest?skip=-1")).StatusCode);
    }

    [Fact]
    public async Task History_returns_points_in_range_and_averages_long_ranges_into_buckets()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        for (var i = 0; i < 100; i++)
        {
            await Ingest.StoreAsync(Message("DEV-100003", start.AddSeconds(i * 60), ("t", TelemetryValue.FromNumber(i))), CancellationToken.None);
        }
        string Range(DateTimeOffset from, DateTimeOffset to) => $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";

        var few = await client.GetFromJsonAsync<JsonElement>($"api/v1/devices/DEV-100003/telemetry/t?{Range(start.AddSeconds(-1), start.AddMinutes(5).AddSeconds(1))}");
        var many = await client.GetFromJsonAsync<JsonElement>($"api/v1/devices/DEV-100003/telemetry/t?{Range(start.AddSeconds(-1), start.AddHours(2))}");

        Assert.False(few.GetProperty("downsampled").GetBoolean());
        Assert.Equal([0.0, 1, 2, 3, 4, 5], few.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
        Assert.True(many.GetProperty("downsampled").GetBoolean());
        Assert.Equal(100, many.GetProperty("totalPoints").GetInt64());
        var buckets = many.GetProperty("points").EnumerateArray().ToList();
        Assert.InRange(buckets.Count, 2, 10);
        Assert.Equal(100, buckets.Sum(b => b.GetProperty("count").GetInt32()));
        Assert.Equal(0, buckets[0].GetProperty("min").GetDouble());
        Assert.Equal(99, buckets[^1].GetProperty("max").GetDouble());
    }

    [Fact]
    public async Task A_keys_history_exports_as_csv()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        await Ingest.StoreAsync(Message("DEV-100004", at, ("note", TelemetryValue.FromText("door open, \"back\""))), CancellationToken.None);

        var csv = await client.GetStringAsync("api/v1/devices/DEV-100004/telemetry/note/export.csv");

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("timestamp,value", lines[0].TrimEnd('\r'));
        Assert.EndsWith(",\"door open, \"\"back\"\"\"", lines[1].TrimEnd('\r'));
    }

    [Fact]
    public async Task Non_finite_values_already_in_the_database_read_back_without_errors_in_every_api()
    {
        var now = DateTimeOffset.UtcNow;
        var store = host.Services.GetRequiredService<TelemetryStore>();
        // As an older version stored 1e400: straight into the database, past today's ingest checks. SQLite keeps
        // infinities and turns NaN into NULL.
        for (var i = 0; i < 20; i++)
        {
            store.WriteBatch([Message("DEV-100007", now.AddMinutes(-20 + i),
                ("up", TelemetryValue.FromNumber(i % 2 == 0 ? double.PositiveInfinity : 1)),
                ("down", TelemetryValue.FromNumber(double.NegativeInfinity)),
                ("nan", TelemetryValue.FromNumber(double.NaN)))]);
        }
        var range = $"from={Uri.EscapeDataString(now.AddHours(-1).ToString("O"))}&to={Uri.EscapeDataString(now.AddMinutes(1).ToString("O"))}";
        var few = $"from={Uri.EscapeDataString(now.AddMinutes(-2.5).ToString("O"))}&to={Uri.EscapeDataString(now.ToString("O"))}";

        var latest = await client.GetAsync("api/v1/devices/DEV-100007/telemetry/latest");
        var raw = await client.GetAsync($"api/v1/devices/DEV-100007/telemetry/up?{few}");
        var averaged = await client.GetAsync($"api/v1/devices/DEV-100007/telemetry/up?{range}");
        var nan = await client.GetAsync($"api/v1/devices/DEV-100007/telemetry/nan?{range}");
        var csv = await client.GetAsync($"api/v1/devices/DEV-100007/telemetry/down/export.csv?{range}");
        var nanCsv = await client.GetAsync($"api/v1/devices/DEV-100007/telemetry/nan/export.csv?{range}");

        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        var byKey = (await latest.Content.ReadFromJsonAsync<List<JsonElement>>())!.ToDictionary(v => v.GetProperty("key").GetString()!, v => v.GetProperty("value"));
        Assert.Equal(JsonValueKind.Null, byKey["down"].ValueKind);
        Assert.Equal(JsonValueKind.Null, byKey["nan"].ValueKind);
        Assert.Equal(1, byKey["up"].GetDouble());
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Contains(JsonValueKind.Null, (await raw.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").ValueKind));
        Assert.Equal(HttpStatusCode.OK, averaged.StatusCode);
        Assert.True((await averaged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("downsampled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, nan.StatusCode);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains(",-Infinity", await csv.Content.ReadAsStringAsync());
        Assert.Contains(",NaN", await nanCsv.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "before")]
    [InlineData("from=yesterday", "from")]
    public async Task A_bad_range_is_a_400_problem(string query, string mentioned)
    {
        var response = await client.GetAsync($"api/v1/devices/DEV-1/telemetry/t?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mentioned, (await Problem.ReadAsync(response)).Detail);
    }

    [Fact]
    public async Task Retention_deletes_points_older_than_the_cutoff_in_every_series_and_keeps_the_rest()
    {
        var now = DateTimeOffset.UtcNow;
        var store = host.Services.GetRequiredService<TelemetryStore>();
        foreach (var device in new[] { "DEV-100011", "DEV-100012" })
        {
            await Ingest.StoreAsync(Message(device, now.AddDays(-40), ("temperature", TelemetryValue.FromNumber(1)), ("humidity", TelemetryValue.FromNumber(2))), CancellationToken.None);
            await Ingest.StoreAsync(Message(device, now.AddDays(-31), ("temperature", TelemetryValue.FromNumber(3))), CancellationToken.None);
            await Ingest.StoreAsync(Message(device, now.AddDays(-1), ("temperature", TelemetryValue.FromNumber(4)), ("humidity", TelemetryValue.FromNumber(5))), CancellationToken.None);
        }

        var deleted = await store.DeleteOlderThanAsync(now.AddDays(-30), CancellationToken.None);

        Assert.Equal(6, deleted);
        foreach (var device in new[] { "DEV-100011", "DEV-100012" })
        {
            var history = await client.GetFromJsonAsync<JsonElement>(
                $"api/v1/devices/{device}/telemetry/temperature?from={Uri.EscapeDataString(now.AddDays(-60).ToString("O"))}&to={Uri.EscapeDataString(now.ToString("O"))}");
            var points = history.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToList();
            Assert.Equal([4.0], points);
        }
    }

    [Fact]
    public async Task Telemetry_needs_sign_in()
    {
        using var anonymous = host.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/devices/DEV-1/telemetry/latest")).StatusCode);
    }
}
