using Microsoft.Data.Sqlite;
using NovaConsole.Data;

namespace NovaConsole.Telemetry;

/// <summary>One time bucket of a key: average, minimum, maximum and count of its numeric readings (booleans count as 0/1).</summary>
internal sealed record TelemetryBucket(DateTimeOffset At, double? Avg, double? Min, double? Max, int Count, string? LastText);

/// <summary>A key over a range: its overall figures and its buckets (only buckets holding readings are listed).</summary>
internal sealed record TelemetryKeySeries(string Key, long TotalPoints, double? Min, double? Max, double? Avg, IReadOnlyList<TelemetryBucket> Buckets);

/// <summary>A raw reading, for the raw-values table and exports.</summary>
internal sealed record TelemetryRawPoint(string Key, DateTimeOffset At, TelemetryValue Value);

/// <summary>
/// The telemetry tab's reads: several keys over one range in equal time buckets with min/max/avg, and raw values a page
/// at a time. Each reads through the (series_id, ts) index, one key at a time.
/// </summary>
internal sealed class TelemetryQueries(DatabaseLocation database)
{
    public const int MaxKeys = 10;
    public const int MaxBuckets = 1000;
    public const int MaxRawTake = 1000;

    public async Task<IReadOnlyList<TelemetryKeySeries>> BucketsAsync(string deviceId, IReadOnlyList<string> keys, DateTimeOffset from, DateTimeOffset to, int buckets, CancellationToken ct)
    {
        var (fromMs, toMs) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        var bucketMs = BucketMs(from, to, buckets);
        await using var connection = await OpenAsync(ct);
        var result = new List<TelemetryKeySeries>();
        foreach (var key in keys)
        {
            await using var totals = connection.CreateCommand();
            totals.CommandText = """
                SELECT COUNT(*), MIN(p.num), MAX(p.num), AVG(p.num) FROM telemetry_points p JOIN telemetry_series s ON s.id = p.series_id
                WHERE s.device_id = $d AND s.key = $k AND p.ts BETWEEN $from AND $to
                """;
            AddRange(totals, deviceId, key, fromMs, toMs);
            long count;
            double? min, max, avg;
            await using (var reader = await totals.ExecuteReaderAsync(ct))
            {
                await reader.ReadAsync(ct);
                count = reader.GetInt64(0);
                (min, max, avg) = (Nullable(reader, 1), Nullable(reader, 2), Nullable(reader, 3));
            }

            var list = new List<TelemetryBucket>();
            if (count > 0)
            {
                await using var query = connection.CreateCommand();
                query.CommandText = """
                    SELECT (p.ts - $from) / $bucket AS b, AVG(p.num), MIN(p.num), MAX(p.num), COUNT(*), MAX(p.text)
                    FROM telemetry_points p JOIN telemetry_series s ON s.id = p.series_id
                    WHERE s.device_id = $d AND s.key = $k AND p.ts BETWEEN $from AND $to GROUP BY b ORDER BY b
                    """;
                AddRange(query, deviceId, key, fromMs, toMs);
                query.Parameters.AddWithValue("$bucket", bucketMs);
                await using var reader = await query.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    list.Add(new TelemetryBucket(DateTimeOffset.FromUnixTimeMilliseconds(fromMs + reader.GetInt64(0) * bucketMs),
                        Nullable(reader, 1), Nullable(reader, 2), Nullable(reader, 3), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
                }
            }
            result.Add(new TelemetryKeySeries(key, count, TelemetryValue.Finite(min), TelemetryValue.Finite(max), TelemetryValue.Finite(avg), list));
        }
        return result;
    }

    /// <summary>Bucket width so that [from, to] fits in <paramref name="buckets"/> buckets (at least 1 ms).</summary>
    public static long BucketMs(DateTimeOffset from, DateTimeOffset to, int buckets) =>
        Math.Max(1, (to.ToUnixTimeMilliseconds() - from.ToUnixTimeMilliseconds()) / Math.Clamp(buckets, 1, MaxBuckets) + 1);

    /// <summary>A page of one key's raw readings in [from, to], newest first, and how many there are.</summary>
    public async Task<(IReadOnlyList<TelemetryRawPoint> Points, long Total)> RawAsync(
        string deviceId, string key, DateTimeOffset from, DateTimeOffset to, int skip, int take, CancellationToken ct)
    {
        var (fromMs, toMs) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        await using var connection = await OpenAsync(ct);
        await using var count = connection.CreateCommand();
        count.CommandText = """
            SELECT COUNT(*) FROM telemetry_points p JOIN telemetry_series s ON s.id = p.series_id
            WHERE s.device_id = $d AND s.key = $k AND p.ts BETWEEN $from AND $to
            """;
        AddRange(count, deviceId, key, fromMs, toMs);
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(ct));

        await using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT p.ts, p.kind, p.num, p.text FROM telemetry_points p JOIN telemetry_series s ON s.id = p.series_id
            WHERE s.device_id = $d AND s.key = $k AND p.ts BETWEEN $from AND $to ORDER BY p.ts DESC LIMIT $take OFFSET $skip
            """;
        AddRange(query, deviceId, key, fromMs, toMs);
        query.Parameters.AddWithValue("$take", Math.Clamp(take, 1, MaxRawTake));
        query.Parameters.AddWithValue("$skip", Math.Max(0, skip));
        var points = new List<TelemetryRawPoint>();
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            points.Add(new TelemetryRawPoint(key, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), TelemetryStore.ReadValue(reader, 1)));
        }
        return (points, total);
    }

    /// <summary>Every reading of the keys in [from, to], oldest first, streamed (for the CSV export).</summary>
    public async IAsyncEnumerable<TelemetryRawPoint> ExportAsync(string deviceId, IReadOnlyList<string> keys, DateTimeOffset from, DateTimeOffset to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT s.key, p.ts, p.kind, p.num, p.text FROM telemetry_points p JOIN telemetry_series s ON s.id = p.series_id
            WHERE s.device_id = $d AND s.key IN (SELECT value FROM json_each($keys)) AND p.ts BETWEEN $from AND $to ORDER BY p.ts, s.key
            """;
        query.Parameters.AddWithValue("$d", deviceId);
        query.Parameters.AddWithValue("$keys", System.Text.Json.JsonSerializer.Serialize(keys));
        query.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        query.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new TelemetryRawPoint(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), TelemetryStore.ReadValue(reader, 2));
        }
    }

    private static double? Nullable(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);

    private static void AddRange(SqliteCommand command, string deviceId, string key, long fromMs, long toMs)
    {
        command.Parameters.AddWithValue("$d", deviceId);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}
