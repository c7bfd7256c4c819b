using System.Globalization;
using System.Text;
using NovaConsole.Shared;

namespace NovaConsole.Telemetry;

internal sealed record LatestValueDto(string Key, object? Value, DateTimeOffset At);

internal sealed record HistoryPointDto(DateTimeOffset At, object? Value, double? Min, double? Max, int Count);

internal sealed record HistoryDto(string DeviceId, string Key, DateTimeOffset From, DateTimeOffset To, long TotalPoints, bool Downsampled, IReadOnlyList<HistoryPointDto> Points);

internal static class TelemetryEndpoints
{
    private static readonly TimeSpan DefaultRange = TimeSpan.FromHours(24);
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(400);

    /// <summary>Latest values per request at most: a device with many keys is read a page at a time.</summary>
    public const int MaxLatestTake = 1000;

    public static void MapTelemetryApi(this RouteGroupBuilder api)
    {
        var telemetry = api.MapGroup("/devices/{deviceId}/telemetry").WithTags("Telemetry");

        telemetry.MapGet("/latest", async (string deviceId, int? skip, int? take, LatestValues latest, HttpContext http, CancellationToken ct) =>
        {
            if (skip < 0) return Accounts.ApiProblems.BadRequest("skip must not be negative.");
            if (take is < 1 or > MaxLatestTake) return Accounts.ApiProblems.BadRequest($"take must be between 1 and {MaxLatestTake}.");
            var page = await latest.PageAsync(deviceId, skip ?? 0, take ?? MaxLatestTake, ct);
            http.Response.Headers["X-Total-Count"] = page.Total.ToString(CultureInfo.InvariantCulture);
            return Results.Ok(page.Values.Select(v => new LatestValueDto(v.Key, v.Value.ToJsonValue(), v.At)));
        }).WithSummary($"The latest value of each key the device has sent, ordered by key: skip, take (at most {MaxLatestTake}, the default); X-Total-Count holds the number of keys.");

        telemetry.MapGet("/{key}", async (string deviceId, string key, DateTimeOffset? from, DateTimeOffset? to, TelemetryStore store, TimeProvider time, CancellationToken ct) =>
        {
            if (Range(from, to, time) is not { } range) return Accounts.ApiProblems.BadRequest($"'from' must be before 'to', at most {MaxRange.TotalDays:0} days apart.");
            var history = await store.ReadHistoryAsync(deviceId, key, range.From, range.To, ct);
            return Results.Ok(new HistoryDto(history.DeviceId, history.Key, history.From, history.To, history.TotalPoints, history.Downsampled,
                history.Points.Select(p => new HistoryPointDto(p.At, p.Value.ToJsonValue(), TelemetryValue.Finite(p.Min), TelemetryValue.Finite(p.Max), p.Count)).ToList()));
        }).WithSummary("A key's history in [from, to] (ISO 8601; default the last 24 hours), averaged into buckets for long ranges.");

        telemetry.MapGet("/{key}/export.csv", (string deviceId, string key, DateTimeOffset? from, DateTimeOffset? to, TelemetryStore store, TimeProvider time, HttpContext http) =>
        {
            if (Range(from, to, time) is not { } range) return Accounts.ApiProblems.BadRequest($"'from' must be before 'to', at most {MaxRange.TotalDays:0} days apart.");
            return Results.Stream(async body =>
            {
                await using var writer = new StreamWriter(body, new UTF8Encoding(false));
                await writer.WriteLineAsync("timestamp,value");
                await foreach (var point in store.ReadPointsAsync(deviceId, key, range.From, range.To, http.RequestAborted))
                {
                    await writer.WriteLineAsync($"{point.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)},{Csv.Field(point.Value.ToString())}");
                }
            }, "text/csv", $"{deviceId}-{key}.csv");
        }).WithSummary("Every stored point of a key in [from, to] as CSV.");
    }

    private static (DateTimeOffset From, DateTimeOffset To)? Range(DateTimeOffset? from, DateTimeOffset? to, TimeProvider time)
    {
        var end = to ?? time.GetUtcNow();
        var start = from ?? end - DefaultRange;
        return start < end && end - start <= MaxRange ? (start, end) : null;
    }
}
