using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using NovaConsole.Data;
using NovaConsole.Live;

namespace NovaConsole.Devices;

/// <summary>A key of an attribute report: its new JSON value and the one stored before (null: first report of the key).</summary>
internal sealed record AttributeChange(string Key, string ValueJson, string? PreviousJson);

/// <summary>An attribute report after it is stored (automation's attribute triggers).</summary>
internal sealed record AttributeReport(string DeviceId, DateTimeOffset At, IReadOnlyList<AttributeChange> Keys);

/// <summary>One reported attribute: its JSON value and when the device last reported it.</summary>
internal sealed record DeviceAttribute(string Key, string ValueJson, DateTimeOffset UpdatedAt);

/// <summary>
/// A device's attributes (seed 000 §4.1.2: ip, mac, port...; firmware version from seed 004 status info), one row per
/// key with the time it was last reported: a report merges key by key, so a partial report never erases other
/// attributes. A device holds at most <see cref="MaxKeys"/> keys and <see cref="MaxBytes"/> bytes of values.
/// A <c>version</c> or <c>firmware</c> string attribute is also the device's firmware version.
/// </summary>
internal sealed class DeviceAttributes(DatabaseLocation database, TimeProvider time, DeviceReportNotifications reports)
{
    public const int MaxKeys = 200;
    public const int MaxBytes = 64 * 1024;
    public const int MaxKeyLength = 128;

    private System.Collections.Immutable.ImmutableArray<Action<AttributeReport>> _subscribers = [];

    /// <summary>Every stored report, with each key's previous value; callbacks must only hand the report off.</summary>
    public IDisposable Subscribe(Action<AttributeReport> callback)
    {
        System.Collections.Immutable.ImmutableInterlocked.Update(ref _subscribers, list => list.Add(callback));
        return new Unsubscriber(() => System.Collections.Immutable.ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(callback)));
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    /// <returns>Null when stored, else why not (unknown device, too many keys, too large).</returns>
    public async Task<string?> MergeAsync(string deviceId, JsonElement reported, CancellationToken ct)
    {
        if (reported.ValueKind != JsonValueKind.Object) return "attributes must be a JSON object";
        var incoming = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in reported.EnumerateObject())
        {
            if (property.Name.Length is 0 or > MaxKeyLength) return $"an attribute key must have 1 to {MaxKeyLength} characters";
            incoming[property.Name] = property.Value.GetRawText();
        }
        if (incoming.Count == 0) return null;

        await using var connection = await OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        if (!await DeviceExistsAsync(connection, transaction, deviceId, ct)) return "unknown device";
        var known = await ReadAsync(connection, transaction, deviceId, ct);
        var merged = known.ToDictionary(a => a.Key, a => a.ValueJson.Length, StringComparer.Ordinal);
        foreach (var (key, value) in incoming) merged[key] = value.Length;
        if (merged.Count > MaxKeys) return $"a device may have at most {MaxKeys} attributes; this report would make {merged.Count}";
        var bytes = merged.Sum(m => m.Key.Length + m.Value);
        if (bytes > MaxBytes) return $"attributes may hold at most {MaxBytes} bytes; this report would make {bytes}";

        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO device_attributes(device_id, key, value_json, updated_ms) VALUES ($d, $k, $v, $t)
                ON CONFLICT(device_id, key) DO UPDATE SET value_json = excluded.value_json, updated_ms = excluded.updated_ms
                """;
            upsert.Parameters.AddWithValue("$d", deviceId);
            var key = upsert.Parameters.Add("$k", SqliteType.Text);
            var value = upsert.Parameters.Add("$v", SqliteType.Text);
            upsert.Parameters.AddWithValue("$t", time.GetUtcNow().ToUnixTimeMilliseconds());
            foreach (var (k, v) in incoming)
            {
                key.Value = k;
                value.Value = v;
                await upsert.ExecuteNonQueryAsync(ct);
            }
        }
        if (FirmwareOf(reported) is { } firmware) await SetFirmwareAsync(connection, transaction, deviceId, firmware, ct);
        await transaction.CommitAsync(ct);
        if (!_subscribers.IsEmpty)
        {
            var before = known.ToDictionary(a => a.Key, a => a.ValueJson, StringComparer.Ordinal);
            var report = new AttributeReport(deviceId, time.GetUtcNow(), [.. incoming.Select(i => new AttributeChange(i.Key, i.Value, before.GetValueOrDefault(i.Key)))]);
            foreach (var subscriber in _subscribers) subscriber(report);
        }

        reports.Publish(deviceId, DeviceReportKind.Attributes);
        return null;
    }

    /// <summary>Every attribute of the device, ordered by key.</summary>
    public async Task<IReadOnlyList<DeviceAttribute>> ListAsync(string deviceId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await ReadAsync(connection, null, deviceId, ct);
    }

    /// <summary>The attributes as one JSON object (key to value).</summary>
    public async Task<JsonObject> GetAsync(string deviceId, CancellationToken ct)
    {
        var result = new JsonObject();
        foreach (var attribute in await ListAsync(deviceId, ct)) result[attribute.Key] = JsonNode.Parse(attribute.ValueJson);
        return result;
    }

    public async Task SetFirmwareVersionAsync(string deviceId, string version, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await SetFirmwareAsync(connection, null, deviceId, version, ct);
    }

    /// <summary>Forgets every attribute of a deleted device, so one created again with its id starts empty.</summary>
    public async Task DeleteAllAsync(string deviceId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM device_attributes WHERE device_id = $d";
        command.Parameters.AddWithValue("$d", deviceId);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The firmware a report names: a <c>version</c> or <c>firmware</c> string (the first non-empty one).</summary>
    public static string? FirmwareOf(JsonElement reported)
    {
        foreach (var name in (ReadOnlySpan<string>)["version", "firmware"])
        {
            if (reported.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 64 } text)
            {
                return text;
            }
        }
        return null;
    }

    private static async Task SetFirmwareAsync(SqliteConnection connection, SqliteTransaction? transaction, string deviceId, string version, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE devices SET firmware_version = $v WHERE device_id = $d AND firmware_version IS NOT $v";
        command.Parameters.AddWithValue("$d", deviceId);
        command.Parameters.AddWithValue("$v", version);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<bool> DeviceExistsAsync(SqliteConnection connection, SqliteTransaction transaction, string deviceId, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM devices WHERE device_id = $d";
        command.Parameters.AddWithValue("$d", deviceId);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    private static async Task<List<DeviceAttribute>> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, string deviceId, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT key, value_json, updated_ms FROM device_attributes WHERE device_id = $d ORDER BY key";
        command.Parameters.AddWithValue("$d", deviceId);
        var attributes = new List<DeviceAttribute>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            attributes.Add(new DeviceAttribute(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }
        return attributes;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}
