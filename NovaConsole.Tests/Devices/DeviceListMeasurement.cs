using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Devices;
using NovaConsole.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NovaConsole.Tests.Devices;

/// <summary>
/// Not a benchmark with a verdict: it checks the answers are right on 100,000 devices and writes how long the list
/// queries took (and SQLite's plan) to the test output. See it with
/// <c>dotnet test --filter DeviceListMeasurement --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class DeviceListMeasurement(ITestOutputHelper output)
{
    private const int Count = 100_000;

    [Fact]
    public async Task First_pages_of_100k_devices_are_right_and_their_time_is_reported()
    {
        await using var host = await AppHost.StartAsync();
        var seeding = Stopwatch.StartNew();
        await DeviceSeed.InsertAsync(host.DataPath, Count);
        output.WriteLine($"seeded {Count:N0} devices in {seeding.ElapsedMilliseconds} ms");
        var registry = host.Services.GetRequiredService<DeviceRegistry>();
        await registry.QueryAsync(new DeviceQuery(Take: 1)); // first use: EF model and connection pool

        var first = await MeasureAsync("first page, by device id", registry, new DeviceQuery(Take: 50));
        await MeasureAsync("first page, by name desc", registry, new DeviceQuery(Sort: DeviceSort.Name, Descending: true, Take: 50));
        await MeasureAsync("first page, by last seen desc", registry, new DeviceQuery(Sort: DeviceSort.LastSeen, Descending: true, Take: 50));
        var last = await MeasureAsync("last page, by created", registry, new DeviceQuery(Sort: DeviceSort.Created, Skip: Count - 50, Take: 50));
        var search = await MeasureAsync("search 'valve 9999' (substring scan)", registry, new DeviceQuery("valve 9999", Take: 50));
        await MeasureAsync("search 'tag:north'", registry, new DeviceQuery("tag:north", Take: 50));

        Assert.Equal(Count, first.Total);
        Assert.Equal("DEV-000000", first.Items[0].DeviceId);
        Assert.Equal($"DEV-{Count - 1:D6}", last.Items[^1].DeviceId);
        // "valve" AND "9999" in id or name: i = 9999, 19999, ..., 99999 (10) and the odd ones of 99990-99998 (4).
        Assert.Equal(14, search.Total);

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(host.DataPath, "novaconsole.db")}");
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            "SELECT id FROM devices ORDER BY device_id LIMIT 50",
            "SELECT id FROM devices ORDER BY name DESC, id DESC LIMIT 50",
            "SELECT id FROM devices ORDER BY last_seen_utc DESC, id DESC LIMIT 50",
        })
        {
            await using var plan = connection.CreateCommand();
            plan.CommandText = "EXPLAIN QUERY PLAN " + sql;
            await using var reader = await plan.ExecuteReaderAsync();
            while (await reader.ReadAsync()) output.WriteLine($"plan of '{sql}': {reader.GetString(3)}");
        }
    }

    private async Task<DevicePage> MeasureAsync(string label, DeviceRegistry registry, DeviceQuery query)
    {
        const int runs = 5;
        DevicePage page = null!;
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            page = await registry.QueryAsync(query);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        output.WriteLine($"{label}: median {times[runs / 2]:0.0} ms, min {times[0]:0.0} ms, max {times[^1]:0.0} ms (page {page.Items.Count}, total {page.Total:N0})");
        return page;
    }
}
