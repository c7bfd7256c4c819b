using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SQLitePCL;
using NovaConsole.Data;

namespace NovaConsole.Telemetry;

/// <summary>
/// Telemetry in SQLite with plain prepared statements (EF Core's change tracking costs too much at tens of
/// thousands of rows per second). One writer connection, used only by the ingest loop; reads open their own.
/// </summary>
internal sealed class TelemetryStore(DatabaseLocation database, IOptions<TelemetryOptions> options) : IDisposable
{
    private readonly Dictionary<(string Device, string Key), long> _seriesIds = new(SeriesKeyComparer.Instance);
    private SqliteConnection? _writer;
    private SqliteCommand? _findSeries, _createSeries;
    private sqlite3_stmt? _insertPointRaw, _updateLatestRaw;

    /// <summary>Writes every message of the batch in one transaction; returns the latest value per series it changed.</summary>
    /// <remarks>
    /// The per-row statements go through SQLite's own API (bind by index, step, reset): Microsoft.Data.Sqlite's
    /// ExecuteNonQuery looks every parameter up by name and creates a data reader per call, which cost more than
    /// SQLite's insert itself on the single writer thread that bounds the ingest rate.
    /// </remarks>
    public List<LatestValue> WriteBatch(IReadOnlyList<TelemetryMessage> batch)
    {
        var writer = OpenWriter();
        var latest = new Dictionary<long, LatestValue>();
        using var transaction = writer.BeginTransaction();
        var insert = _insertPointRaw!;
        foreach (var message in batch)
        {
            var ts = message.MeasuredAt.ToUnixTimeMilliseconds();
            foreach (var reading in message.Readings)
            {
                var series = SeriesId(message.DeviceId, reading.Key, transaction);
                BindValue(insert, series, ts, reading.Value);
                Step(insert);
                if (!latest.TryGetValue(series, out var known) || known.At.ToUnixTimeMilliseconds() <= ts)
                {
                    latest[series] = new LatestValue(message.DeviceId, reading.Key, reading.Value, message.MeasuredAt);
                }
            }
        }
        var update = _updateLatestRaw!;
        foreach (var (series, value) in latest)
        {
            BindValue(update, series, value.At.ToUnixTimeMilliseconds(), value.Value);
            Step(update);
        }
        transaction.Commit();
        return [.. latest.Values];
    }

    /// <summary>
    /// Deletes a device's series (all of them, or one key) with their points, on the writer connection so the series id
    /// cache and the writes stay in step: a device created again with the same id, or a key sent again, starts empty.
    /// </summary>
    /// <returns>The number of points deleted.</returns>
    public long DeleteSeries(string deviceId, string? key)
    {
        var writer = OpenWriter();
        using var transaction = writer.BeginTransaction();
        using var points = writer.CreateCommand();
        points.Transaction = transaction;
        var where = key is null ? "device_id = $d" : "device_id = $d AND key = $k";
        points.CommandText = $"DELETE FROM telemetry_points WHERE series_id IN (SELECT id FROM telemetry_series WHERE {where})";
        points.Parameters.AddWithValue("$d", deviceId);
        if (key is not null) points.Parameters.AddWithValue("$k", key);
        long deleted = points.ExecuteNonQuery();
        points.CommandText = $"DELETE FROM telemetry_series WHERE {where}";
        points.ExecuteNonQuery();
        transaction.Commit();
        foreach (var cached in _seriesIds.Keys.Where(k => string.Equals(k.Device, deviceId, StringComparison.OrdinalIgnoreCase) && (key is null || k.Key == key)).ToList())
        {
            _seriesIds.Remove(cached);
        }
        return deleted;
    }

    // Parameters 1-5 of both raw statements: series, ts, kind, num, text.
    private static void BindValue(sqlite3_stmt statement, long series, long ts, TelemetryValue value)
    {
        raw.sqlite3_bind_int64(statement, 1, series);
        raw.sqlite3_bind_int64(statement, 2, ts);
        raw.sqlite3_bind_int(statement, 3, (int)value.Kind);
        if (value.Number is { } number) raw.sqlite3_bind_double(statement, 4, number);
        else raw.sqlite3_bind_null(statement, 4);
        if (value.Text is { } text) raw.sqlite3_bind_text(statement, 5, text);
        else raw.sqlite3_bind_null(statement, 5);
    }

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _writer!.Handle);
    }

    /// <summary>Points of one key in [from, to]; when there are more than the chart limit, averaged into equal time buckets.</summary>
    public async Task<TelemetryHistory> ReadHistoryAsync(string deviceId, string key, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await OpenReaderAsync(ct);
        var (fromMs, toMs) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        await using var count = connection.CreateCommand();
        count.CommandText = """
            SELECT COUNT(*) FROM telemetry_points p JOIN telemetry_series s ON s.id = p.series_id
            WHERE s.device_id = $d AND s.key = $k AND p.ts BETWEEN $from AND $to
            """;
        AddRange(count, deviceId, key, fromMs, toMs);
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(ct));
        var maxPoints = options.Value.MaxChartPoints;

        await using var query = connection.CreateCommand();
        AddRange(query, deviceId, key, fromMs, toMs);
        var points = new List<TelemetryPoint>();
        if (total <= maxPoints)
        {
            await foreach (var point in ReadPointsAsync(deviceId, key, from, to, ct)) points.Add(point);
            return new TelemetryHistory(deviceId, key, from, to, total, Downsampled: false, points);
        }

        // Only numbers and booleans average; text series are thinned to the last value of each bucket.
        var bucketMs = Math.Max(1, (toMs - fromMs) / maxPoints + 1);
        query.CommandText = """
            SELECT (p.ts - $from) / $bucket AS b, MAX(p.ts), AVG(p.num), MIN(p.num), MAX(p.num), COUNT(*), MAX(p.kind), MAX(p.text)
            FROM telemetry_points p JOIN telemetry_series s ON s.id = p.series_id
            WHERE s.device_id = $d AND s.key = $k AND p.ts BETWEEN $from AND $to GROUP BY b ORDER BY b
            """;
        query.Parameters.AddWithValue("$bucket", bucketMs);
        await using (var reader = await query.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var bucketStart = DateTimeOffset.FromUnixTimeMilliseconds(fromMs + reader.GetInt64(0) * bucketMs);
                var average = reader.IsDBNull(2) ? (double?)null : reader.GetDouble(2);
                var value = average is { } a ? TelemetryValue.FromNumber(a) : TelemetryValue.FromText(reader.IsDBNull(7) ? "" : reader.GetString(7));
                points.Add(new TelemetryPoint(bucketStart, value, reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetInt32(5)));
            }
        }
        return new TelemetryHistory(deviceId, key, from, to, total, Downsampled: true, points);
    }

    /// <summary>Every point of one key in [from, to], oldest first, streamed (for CSV export).</summary>
    public async IAsyncEnumerable<TelemetryPoint> ReadPointsAsync(string deviceId, string key, DateTimeOffset from, DateTimeOffset to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await OpenReaderAsync(ct);
        await using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT p.ts, p.kind, p.num, p.text FROM telemetry_points p JOIN telemetry_series s ON s.id = p.series_id
            WHERE s.device_id = $d AND s.key = $k AND p.ts BETWEEN $from AND $to ORDER BY p.ts
            """;
        AddRange(query, deviceId, key, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var value = ReadValue(reader, 1);
            yield return new TelemetryPoint(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), value, value.Number, value.Number, 1);
        }
    }

    /// <summary>
    /// Deletes points measured before the cutoff, series by series through (series_id, ts), in slices so the
    /// writer is never blocked for long.
    /// </summary>
    public async Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var connection = await OpenReaderAsync(ct);
        var seriesIds = new List<long>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT id FROM telemetry_series ORDER BY id";
            await using var reader = await list.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) seriesIds.Add(reader.GetInt64(0));
        }

        await using var delete = connection.CreateCommand();
        delete.CommandText = """
            DELETE FROM telemetry_points WHERE rowid IN
                (SELECT rowid FROM telemetry_points WHERE series_id = $series AND ts < $cutoff LIMIT 5000)
            """;
        var series = delete.Parameters.Add("$series", SqliteType.Integer);
        delete.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        long deleted = 0;
        foreach (var id in seriesIds)
        {
            series.Value = id;
            int rows;
            do
            {
                ct.ThrowIfCancellationRequested();
                rows = await delete.ExecuteNonQueryAsync(ct);
                deleted += rows;
            }
            while (rows > 0);
        }
        return deleted;
    }

    public void Dispose()
    {
        _insertPointRaw?.Dispose();
        _updateLatestRaw?.Dispose();
        _insertPointRaw = _updateLatestRaw = null;
        _writer?.Dispose();
        _writer = null;
    }

    private long SeriesId(string deviceId, string key, SqliteTransaction transaction)
    {
        if (_seriesIds.TryGetValue((deviceId, key), out var id)) return id;
        Bind(_createSeries!, transaction, ("$d", deviceId), ("$k", key));
        _createSeries!.ExecuteNonQuery();
        Bind(_findSeries!, transaction, ("$d", deviceId), ("$k", key));
        id = Convert.ToInt64(_findSeries!.ExecuteScalar());
        _seriesIds[(deviceId, key)] = id;
        return id;
    }

    private SqliteConnection OpenWriter()
    {
        if (_writer is not null) return _writer;
        _writer = new SqliteConnection(database.ConnectionString);
        _writer.Open();
        using (var pragma = _writer.CreateCommand())
        {
            // Checkpoints copy the WAL into the database file; TelemetryCheckpointer does that on its own connection,
            // so the one writer (which bounds the ingest rate) never stops for it.
            pragma.CommandText = $"PRAGMA synchronous={options.Value.Synchronous}; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit={64 * 1024 * 1024};";
            pragma.ExecuteNonQuery();
        }
        _insertPointRaw = PrepareRaw("INSERT INTO telemetry_points(series_id, ts, kind, num, text) VALUES (?1, ?2, ?3, ?4, ?5)");
        _createSeries = Prepare("INSERT INTO telemetry_series(device_id, key) VALUES ($d, $k) ON CONFLICT(device_id, key) DO NOTHING", "$d", "$k");
        _findSeries = Prepare("SELECT id FROM telemetry_series WHERE device_id = $d AND key = $k", "$d", "$k");
        _updateLatestRaw = PrepareRaw("""
            UPDATE telemetry_series SET latest_ts = ?2, latest_kind = ?3, latest_num = ?4, latest_text = ?5
            WHERE id = ?1 AND (latest_ts IS NULL OR latest_ts <= ?2)
            """);
        return _writer;
    }

    private sqlite3_stmt PrepareRaw(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_writer!.Handle, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, _writer.Handle);
        return statement;
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _writer!.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private static void Bind(SqliteCommand command, SqliteTransaction transaction, params (string Name, object? Value)[] values)
    {
        command.Transaction = transaction;
        foreach (var (name, value) in values) command.Parameters[name].Value = value ?? DBNull.Value;
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    private static void AddRange(SqliteCommand command, string deviceId, string key, long fromMs, long toMs)
    {
        command.Parameters.AddWithValue("$d", deviceId);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
    }

    internal static TelemetryValue ReadValue(SqliteDataReader reader, int kindColumn) => new(
        (TelemetryValueKind)reader.GetInt32(kindColumn),
        reader.IsDBNull(kindColumn + 1) ? null : reader.GetDouble(kindColumn + 1),
        reader.IsDBNull(kindColumn + 2) ? null : reader.GetString(kindColumn + 2));

    private sealed class SeriesKeyComparer : IEqualityComparer<(string Device, string Key)>
    {
        public static readonly SeriesKeyComparer Instance = new();

        public bool Equals((string Device, string Key) x, (string Device, string Key) y) =>
            string.Equals(x.Device, y.Device, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Key, y.Key, StringComparison.Ordinal);

        public int GetHashCode((string Device, string Key) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Device), StringComparer.Ordinal.GetHashCode(obj.Key));
    }
}

internal sealed record LatestValue(string DeviceId, string Key, TelemetryValue Value, DateTimeOffset At);

/// <summary>A chart point: one reading, or the average (with min and max) of a bucket of readings.</summary>
internal sealed record TelemetryPoint(DateTimeOffset At, TelemetryValue Value, double? Min, double? Max, int Count);

internal sealed record TelemetryHistory(string DeviceId, string Key, DateTimeOffset From, DateTimeOffset To, long TotalPoints, bool Downsampled, IReadOnlyList<TelemetryPoint> Points);
