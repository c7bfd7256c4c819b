using Microsoft.Data.Sqlite;
using NovaConsole.Data;

namespace NovaConsole.Telemetry;

/// <summary>
/// Reads of the series table (one row per device and key, holding its latest value): what a device's keys are and
/// their latest values, a page at a time, so no reader has to hold every key of a device at once.
/// </summary>
internal sealed class TelemetrySeries(DatabaseLocation database)
{
    /// <summary>A page of the device's latest values, ordered by key (the series' unique index serves both).</summary>
    public async Task<List<LatestValue>> ReadLatestAsync(string deviceId, int skip, int take, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT device_id, key, latest_ts, latest_kind, latest_num, latest_text FROM telemetry_series
            WHERE device_id = $d AND latest_ts IS NOT NULL ORDER BY key LIMIT $take OFFSET $skip
            """;
        command.Parameters.AddWithValue("$d", deviceId);
        command.Parameters.AddWithValue("$take", take);
        command.Parameters.AddWithValue("$skip", skip);
        var values = new List<LatestValue>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            values.Add(new LatestValue(reader.GetString(0), reader.GetString(1), TelemetryStore.ReadValue(reader, 3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }
        return values;
    }

    public async Task<int> CountLatestAsync(string deviceId, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM telemetry_series WHERE device_id = $d AND latest_ts IS NOT NULL";
        command.Parameters.AddWithValue("$d", deviceId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
    }

    /// <summary>Every key the device has stored, for the per-device key cap.</summary>
    public async Task<List<string>> ReadKeysAsync(string deviceId, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key FROM telemetry_series WHERE device_id = $d";
        command.Parameters.AddWithValue("$d", deviceId);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) keys.Add(reader.GetString(0));
        return keys;
    }
}
