using Microsoft.Data.Sqlite;
using NovaConsole.Data;

namespace NovaConsole.Devices.Presence;

/// <summary>Reads a device's status history (written by <see cref="PresenceHistoryWriter"/>), newest first.</summary>
internal sealed class PresenceHistory(DatabaseLocation database)
{
    public const int DefaultTake = 50;
    public const int MaxTake = 500;

    public async Task<IReadOnlyList<StatusHistoryEntry>> ReadAsync(string deviceId, int take, CancellationToken ct = default)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT device_id, at_utc, online, transport, reason FROM device_status_history
            WHERE device_id = $d ORDER BY at_utc DESC, id DESC LIMIT $take
            """;
        query.Parameters.AddWithValue("$d", deviceId);
        query.Parameters.AddWithValue("$take", Math.Clamp(take, 1, MaxTake));
        var entries = new List<StatusHistoryEntry>();
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new StatusHistoryEntry(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetInt64(2) != 0, reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)));
        }
        return entries;
    }
}
