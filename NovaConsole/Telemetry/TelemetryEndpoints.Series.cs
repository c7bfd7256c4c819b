using System.Globalization;
using System.Text;
using NovaConsole.Accounts;
using NovaConsole.Shared;

namespace NovaConsole.Telemetry;

internal sealed record TelemetryBucketDto(DateTimeOffset At, double? Avg, double? Min, double? Max, int Count, string? Last);

internal sealed record TelemetryKeySeriesDto(string Key, long TotalPoints, double? Min, double? Max, double? Avg, IReadOnlyList<TelemetryBucketDto> Buckets);

internal sealed record TelemetrySeriesDto(string DeviceId, DateTimeOffset From, DateTimeOffset To, long BucketMs, IReadOnlyList<TelemetryKeySeriesDto> Series);

internal sealed record TelemetryRawDto(DateTimeOffset At, object? Value);

/// <summary>
/// The telemetry tab's API: several keys in one query (min/max/avg per time bucket), raw values a page at a time, a
/// CSV export of several keys, and deleting one key (Operator). Ranges: <c>range=1h|24h|7d</c>, or <c>from</c>/<c>to</c>.
/// </summary>
internal static class TelemetrySeriesEndpoints
{
    private const string RangeHelp = "range must be 1h, 24h or 7d, or give from and to (ISO 8601): from before to, at most 400 days apart.";

    public static void MapTelemetrySeriesApi(this RouteGroupBuilder api)
    {
        var telemetry = api.MapGroup("/devices/{deviceId}/telemetry").WithTags("Telemetry");

        telemetry.MapGet("/", async (string deviceId, string? keys, string? range, DateTimeOffset? from, DateTimeOffset? to, int? buckets,
            TelemetryQueries queries, TimeProvider time, CancellationToken ct) =>
        {
            if (Keys(keys) is not { } wanted) return ApiProblems.BadRequest($"keys must name 1 to {TelemetryQueries.MaxKeys} keys, separated by commas.");
            if (TelemetryRange.Resolve(range, from, to, time.GetUtcNow()) is not { } window) return ApiProblems.BadRequest(RangeHelp);
            if (buckets is < 1 or > TelemetryQueries.MaxBuckets) return ApiProblems.BadRequest($"buckets must be between 1 and {TelemetryQueries.MaxBuckets}.");
            var count = buckets ?? 120;
            var series = await queries.BucketsAsync(deviceId, wanted, window.From, window.To, count, ct);
            return Results.Ok(new TelemetrySeriesDto(deviceId, window.From, window.To, TelemetryQueries.BucketMs(window.From, window.To, count),
                series.Select(s => new TelemetryKeySeriesDto(s.Key, s.TotalPoints, s.Min, s.Max, s.Avg,
                    s.Buckets.Select(b => new TelemetryBucketDto(b.At, TelemetryValue.Finite(b.Avg), TelemetryValue.Finite(b.Min), TelemetryValue.Finite(b.Max), b.Count, b.LastText)).ToList())).ToList()));
        }).WithSummary($"Several keys over one range (keys=a,b; range=1h|24h|7d or from/to; buckets, default 120, at most {TelemetryQueries.MaxBuckets}): " +
            "per key its point count, min, max and average, and per time bucket avg/min/max/count (numbers and booleans; text keeps the last text).");

        telemetry.MapGet("/{key}/raw", async (string deviceId, string key, string? range, DateTimeOffset? from, DateTimeOffset? to, int? skip, int? take,
            TelemetryQueries queries, TimeProvider time, HttpContext http, CancellationToken ct) =>
        {
            if (TelemetryRange.Resolve(range, from, to, time.GetUtcNow()) is not { } window) return ApiProblems.BadRequest(RangeHelp);
            if (skip < 0) return ApiProblems.BadRequest("skip must not be negative.");
            if (take is < 1 or > TelemetryQueries.MaxRawTake) return ApiProblems.BadRequest($"take must be between 1 and {TelemetryQueries.MaxRawTake}.");
            var (points, total) = await queries.RawAsync(deviceId, key, window.From, window.To, skip ?? 0, take ?? 50, ct);
            http.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
            return Results.Ok(points.Select(p => new TelemetryRawDto(p.At, p.Value.ToJsonValue())));
        }).WithSummary($"A key's stored readings in the range, newest first: skip, take (default 50, at most {TelemetryQueries.MaxRawTake}); X-Total-Count holds how many there are.");

        telemetry.MapGet("/export.csv", (string deviceId, string? keys, string? range, DateTimeOffset? from, DateTimeOffset? to,
            TelemetryQueries queries, TimeProvider time, HttpContext http) =>
        {
            if (Keys(keys) is not { } wanted) return ApiProblems.BadRequest($"keys must name 1 to {TelemetryQueries.MaxKeys} keys, separated by commas.");
            if (TelemetryRange.Resolve(range, from, to, time.GetUtcNow()) is not { } window) return ApiProblems.BadRequest(RangeHelp);
            return Results.Stream(async body =>
            {
                await using var writer = new StreamWriter(body, new UTF8Encoding(false));
                await writer.WriteLineAsync("timestamp,key,value");
                await foreach (var point in queries.ExportAsync(deviceId, wanted, window.From, window.To, http.RequestAborted))
                {
                    await writer.WriteLineAsync($"{point.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)},{Csv.Field(point.Key)},{Csv.Field(point.Value.ToString())}");
                }
            }, "text/csv", $"{deviceId}-telemetry.csv");
        }).WithSummary("Every stored reading of the keys (keys=a,b) in the range as CSV: timestamp (UTC, ISO 8601), key, value; oldest first.");

        telemetry.MapDelete("/{key}", async (string deviceId, string key, TelemetrySeries series, TelemetryIngest ingest, CancellationToken ct) =>
        {
            var known = await series.ReadKeysAsync(deviceId, ct);
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                return Results.Problem($"The device has no telemetry key '{key}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }
            var deleted = await ingest.DeleteAsync(deviceId, key, ct);
            return Results.Ok(new { deviceId, key, deletedPoints = deleted });
        }).RequireAuthorization(Policies.Operator)
            .WithSummary("Delete one telemetry key of a device with all its stored values (Operator); it no longer counts toward the device's key limit.");
    }

    private static IReadOnlyList<string>? Keys(string? keys)
    {
        var list = (keys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        return list.Count is >= 1 and <= TelemetryQueries.MaxKeys ? list : null;
    }
}

/// <summary>The time range presets of the telemetry tab and API.</summary>
internal static class TelemetryRange
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(400);

    public static TimeSpan? Preset(string? range) => range?.Trim().ToLowerInvariant() switch
    {
        "1h" => TimeSpan.FromHours(1),
        "24h" or "1d" => TimeSpan.FromHours(24),
        "7d" => TimeSpan.FromDays(7),
        _ => null,
    };

    /// <summary>A preset ending now, or from/to (a missing end is now, a missing start 24 h before the end); null when invalid.</summary>
    public static (DateTimeOffset From, DateTimeOffset To)? Resolve(string? range, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        if (!string.IsNullOrWhiteSpace(range))
        {
            if (from is not null || to is not null || Preset(range) is not { } span) return null;
            return (now - span, now);
        }
        var end = to ?? now;
        var start = from ?? end - TimeSpan.FromHours(24);
        return start < end && end - start <= MaxRange ? (start, end) : null;
    }
}
