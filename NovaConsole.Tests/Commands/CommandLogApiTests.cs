using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Commands;
using NovaConsole.Data;
using NovaConsole.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NovaConsole.Tests.Commands;

/// <summary>The operation log API pages, filters, counts and exports over every entry, not the newest 500.</summary>
public sealed class CommandLogApiTests(ITestOutputHelper output) : SignedInAppTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// <paramref name="count"/> entries, one a minute from <see cref="Start"/>: devices dev-0..dev-9 in turn, every
    /// 4th automatic, every 5th a command (the rest controls); states cycle responded-ok, failed, timed-out, sent.
    /// </summary>
    private async Task SeedAsync(int count)
    {
        var factory = Host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        for (var i = 0; i < count; i++)
        {
            var (state, ok, code) = (i % 4) switch
            {
                0 => ("responded", (bool?)true, (string?)"0"),
                1 => ("failed", false, CommandFailures.DeviceOffline),
                2 => ("failed", false, CommandFailures.TimedOut),
                _ => ("sent", null, null),
            };
            db.CommandLog.Add(new CommandLogRecord
            {
                DeviceId = $"dev-{i % 10}",
                Kind = i % 5 == 0 ? "command" : "control",
                Name = i % 5 == 0 ? "Reboot" : "set_actuator",
                Origin = i % 4 == 3 ? "automatic" : "manual",
                IssuedBy = i % 4 == 3 ? "rule:night" : "admin",
                State = state,
                Succeeded = ok,
                ResultCode = code,
                ResultMessage = code is null ? null : $"result, \"quoted\" {i}",
                CreatedUtc = Start.AddMinutes(i),
            });
        }
        await db.SaveChangesAsync();
    }

    private async Task<(JsonElement Items, int Total)> ListAsync(string query)
    {
        var response = await Admin.GetAsync($"api/v1/commands?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var total = int.Parse(response.Headers.GetValues("X-Total-Count").Single());
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), total);
    }

    [Fact]
    public async Task Pages_reach_past_the_newest_500_and_the_total_counts_every_match()
    {
        await SeedAsync(1_200);

        var (first, total) = await ListAsync("take=500");
        var (last, _) = await ListAsync("skip=1000&take=500");

        Assert.Equal(1_200, total);
        Assert.Equal(500, first.GetArrayLength());
        Assert.Equal(200, last.GetArrayLength());
        Assert.Equal(Start, last[199].GetProperty("createdUtc").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task Filters_combine_device_state_origin_kind_and_date_range()
    {
        await SeedAsync(400);

        Assert.Equal(40, (await ListAsync("device=dev-3")).Total);
        Assert.Equal(100, (await ListAsync("state=timed-out")).Total);
        Assert.Equal(200, (await ListAsync("state=failed")).Total);
        Assert.Equal(100, (await ListAsync("state=responded-ok")).Total);
        Assert.Equal(100, (await ListAsync("origin=automatic")).Total);
        Assert.Equal(80, (await ListAsync("kind=command")).Total);
        var from = Uri.EscapeDataString(Start.AddMinutes(100).ToString("O"));
        var to = Uri.EscapeDataString(Start.AddMinutes(160).ToString("O"));
        var (range, inRange) = await ListAsync($"from={from}&to={to}&take=500");
        Assert.Equal(60, inRange);
        Assert.All(range.EnumerateArray(), e => Assert.InRange(e.GetProperty("createdUtc").GetDateTime().ToUniversalTime(), Start.AddMinutes(100), Start.AddMinutes(159)));
        Assert.Equal(6, (await ListAsync($"from={from}&to={to}&device=dev-1")).Total);
    }

    [Fact]
    public async Task Counters_come_from_the_database_over_every_matching_entry()
    {
        await SeedAsync(1_000);

        var counts = await Admin.GetFromJsonAsync<JsonElement>("api/v1/commands/counts");
        var forDevice = await Admin.GetFromJsonAsync<JsonElement>("api/v1/commands/counts?device=dev-0&state=sent");

        Assert.Equal(1_000, counts.GetProperty("total").GetInt32());
        Assert.Equal(250, counts.GetProperty("respondedOk").GetInt32());
        Assert.Equal(500, counts.GetProperty("failed").GetInt32());
        Assert.Equal(250, counts.GetProperty("timedOut").GetInt32());
        Assert.Equal(250, counts.GetProperty("awaiting").GetInt32());
        Assert.Equal(100, forDevice.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_csv_export_holds_every_match_with_quoted_fields()
    {
        await SeedAsync(2_500);

        var response = await Admin.GetAsync("api/v1/commands/export.csv?state=failed");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(CommandLogCsv.Header, lines[0]);
        Assert.Equal(1_250, lines.Length - 1);
        Assert.Contains(",\"result, \"\"quoted\"\" 2498\"", lines[1]);
    }

    [Theory]
    [InlineData("state=bogus", "state must be one of")]
    [InlineData("take=0", "take must be between 1 and 500.")]
    [InlineData("skip=-1", "skip must be between")]
    [InlineData("kind=reboot", "kind must be")]
    [InlineData("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "'from' must be before 'to'.")]
    public async Task Bad_filters_get_problem_details(string query, string detail)
    {
        foreach (var route in new[] { "api/v1/commands", "api/v1/commands/counts", "api/v1/commands/export.csv" })
        {
            var response = await Admin.GetAsync($"{route}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith(detail, (await Problem.ReadAsync(response)).Detail);
        }
    }

    [Fact]
    [Trait("Category", "Measurement")]
    public async Task Measure_the_list_api_over_10000_entries()
    {
        await SeedAsync(10_000);
        await ListAsync("take=100");

        foreach (var query in new[] { "take=100", "skip=9900&take=100", "state=timed-out&take=100", "device=dev-7&skip=500&take=100" })
        {
            var watch = Stopwatch.StartNew();
            const int rounds = 10;
            for (var i = 0; i < rounds; i++) await ListAsync(query);
            output.WriteLine($"GET /api/v1/commands?{query}: {watch.Elapsed.TotalMilliseconds / rounds:0.0} ms per request (10,000 entries)");
        }
        var counts = Stopwatch.StartNew();
        await Admin.GetFromJsonAsync<JsonElement>("api/v1/commands/counts");
        output.WriteLine($"GET /api/v1/commands/counts: {counts.Elapsed.TotalMilliseconds:0.0} ms");
        var export = Stopwatch.StartNew();
        var csv = await Admin.GetStringAsync("api/v1/commands/export.csv");
        output.WriteLine($"GET /api/v1/commands/export.csv: {export.Elapsed.TotalMilliseconds:0.0} ms, {csv.Length:N0} chars");
    }
}
