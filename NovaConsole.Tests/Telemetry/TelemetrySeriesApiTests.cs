using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Telemetry;

/// <summary>The telemetry tab's API: several keys with min/max/avg per bucket, raw values paged, CSV of several keys, deleting a key.</summary>
public sealed class TelemetrySeriesApiTests : SignedInAppTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private TelemetryIngest Ingest => Host.Services.GetRequiredService<TelemetryIngest>();

    /// <summary>temperature 10..19 and humidity 50..59, one reading a minute from <see cref="Start"/>.</summary>
    private async Task<string> DeviceWithTenMinutesAsync()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        for (var i = 0; i < 10; i++)
        {
            await Ingest.StoreAsync(new TelemetryMessage(deviceId, Start.AddMinutes(i),
                [new TelemetryReading("temperature", TelemetryValue.FromNumber(10 + i)), new TelemetryReading("humidity", TelemetryValue.FromNumber(50 + i))]), CancellationToken.None);
        }
        return deviceId;
    }

    private static string Range(int fromMinute, int toMinute) =>
        $"from={Uri.EscapeDataString(Start.AddMinutes(fromMinute).ToString("O"))}&to={Uri.EscapeDataString(Start.AddMinutes(toMinute).ToString("O"))}";

    [Fact]
    public async Task Several_keys_come_in_one_query_with_min_max_and_average_per_bucket()
    {
        var deviceId = await DeviceWithTenMinutesAsync();

        // [0, 9] minutes in 2 buckets of 4.5 minutes: readings 0-4 and 5-9.
        var body = await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}/telemetry?keys=temperature,humidity&buckets=2&{Range(0, 9)}");

        var series = body.GetProperty("series").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!);
        var temperature = series["temperature"];
        Assert.Equal(10, temperature.GetProperty("totalPoints").GetInt64());
        Assert.Equal(10, temperature.GetProperty("min").GetDouble());
        Assert.Equal(19, temperature.GetProperty("max").GetDouble());
        Assert.Equal(14.5, temperature.GetProperty("avg").GetDouble());
        var buckets = temperature.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(2, buckets.Count);
        Assert.Equal((12, 10, 14, 5), (buckets[0].GetProperty("avg").GetDouble(), buckets[0].GetProperty("min").GetDouble(), buckets[0].GetProperty("max").GetDouble(), buckets[0].GetProperty("count").GetInt32()));
        Assert.Equal((17, 15, 19, 5), (buckets[1].GetProperty("avg").GetDouble(), buckets[1].GetProperty("min").GetDouble(), buckets[1].GetProperty("max").GetDouble(), buckets[1].GetProperty("count").GetInt32()));
        Assert.Equal(54.5, series["humidity"].GetProperty("avg").GetDouble());
    }

    [Fact]
    public async Task Raw_values_come_newest_first_a_page_at_a_time()
    {
        var deviceId = await DeviceWithTenMinutesAsync();

        var response = await Admin.GetAsync($"api/v1/devices/{deviceId}/telemetry/temperature/raw?skip=1&take=3&{Range(0, 9)}");

        Assert.Equal("10", response.Headers.GetValues("X-Total-Count").Single());
        var page = (await response.Content.ReadFromJsonAsync<List<JsonElement>>())!;
        Assert.Equal([18.0, 17.0, 16.0], page.Select(p => p.GetProperty("value").GetDouble()).ToArray());
        Assert.Equal(Start.AddMinutes(8), page[0].GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_csv_export_holds_every_reading_of_the_keys_oldest_first()
    {
        var deviceId = await DeviceWithTenMinutesAsync();

        var csv = await Admin.GetStringAsync($"api/v1/devices/{deviceId}/telemetry/export.csv?keys=temperature,humidity&{Range(0, 1)}");

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["timestamp,key,value", "2026-12-01T00:00:00.0000000Z,humidity,50", "2026-12-01T00:00:00.0000000Z,temperature,10",
                      "2026-12-01T00:01:00.0000000Z,humidity,51", "2026-12-01T00:01:00.0000000Z,temperature,11"], lines);
    }

    [Fact]
    public async Task A_range_preset_ends_now_and_bad_ranges_or_keys_are_400s()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        await Ingest.StoreAsync(new TelemetryMessage(deviceId, DateTimeOffset.UtcNow.AddMinutes(-30), [new TelemetryReading("t", TelemetryValue.FromNumber(1))]), CancellationToken.None);
        await Ingest.StoreAsync(new TelemetryMessage(deviceId, DateTimeOffset.UtcNow.AddHours(-3), [new TelemetryReading("t", TelemetryValue.FromNumber(2))]), CancellationToken.None);

        async Task<long> Points(string range) =>
            (await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}/telemetry?keys=t&range={range}")).GetProperty("series")[0].GetProperty("totalPoints").GetInt64();

        Assert.Equal(1, await Points("1h"));
        Assert.Equal(2, await Points("24h"));
        Assert.Equal(2, await Points("7d"));
        foreach (var bad in new[] { "keys=t&range=2h", "keys=t&range=1h&from=2026-01-01T00:00:00Z", "keys=", "keys=" + string.Join(",", Enumerable.Range(0, 11)), "keys=t&buckets=0",
                                    "keys=t&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await Admin.GetAsync($"api/v1/devices/{deviceId}/telemetry?{bad}")).StatusCode);
        }
    }

    [Fact]
    public async Task Deleting_a_key_removes_its_values_and_frees_its_place_and_a_viewer_may_not()
    {
        var deviceId = await DeviceWithTenMinutesAsync();
        (await Admin.PostAsJsonAsync("api/v1/users", new { username = "vera", password = "viewer-passphrase", role = "Viewer" })).EnsureSuccessStatusCode();
        using var viewer = await Host.CreateSignedInClientAsync("vera", "viewer-passphrase");

        var refused = await viewer.DeleteAsync($"api/v1/devices/{deviceId}/telemetry/humidity");
        var deleted = await Admin.DeleteAsync($"api/v1/devices/{deviceId}/telemetry/humidity");
        var again = await Admin.DeleteAsync($"api/v1/devices/{deviceId}/telemetry/humidity");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        deleted.EnsureSuccessStatusCode();
        Assert.Equal(10, (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deletedPoints").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var latest = (await Admin.GetFromJsonAsync<List<JsonElement>>($"api/v1/devices/{deviceId}/telemetry/latest"))!;
        Assert.Equal(["temperature"], latest.Select(v => v.GetProperty("key").GetString()).ToArray());
        Assert.Equal(0, (await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}/telemetry?keys=humidity&{Range(0, 10)}")).GetProperty("series")[0].GetProperty("totalPoints").GetInt64());
        // Sent again, the key starts a new series.
        await Ingest.StoreAsync(new TelemetryMessage(deviceId, Start, [new TelemetryReading("humidity", TelemetryValue.FromNumber(40))]), CancellationToken.None);
        Assert.Equal(1, (await Admin.GetFromJsonAsync<JsonElement>($"api/v1/devices/{deviceId}/telemetry?keys=humidity&{Range(0, 10)}")).GetProperty("series")[0].GetProperty("totalPoints").GetInt64());
    }
}
