using System.Text.Json;
using Microsoft.Data.Sqlite;
using NovaConsole.Data;

namespace NovaConsole.Devices;

internal sealed record DeviceEvent(long Id, string DeviceId, DateTimeOffset At, string Method, string? ParamsJson);

/// <summary>Events devices report (seed 000 §4.1.3: a method and its params), kept for the device page and the API.</summary>
internal sealed class DeviceEvents(DatabaseLocation database, TimeProvider time)
{
    private System.Collections.Immutable.ImmutableArray<Action<DeviceEvent>> _subscribers = [];

    /// <summary>Every event after it is stored (automation's event triggers); callbacks must only hand the event off.</summary>
    public IDisposable Subscribe(Action<DeviceEvent> callback)
    {
        System.Collections.Immutable.ImmutableInterlocked.Update(ref _subscribers, list => list.Add(callback));
        return new Unsubscriber(() => System.Collections.Immutable.ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(callback)));
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    public async Task AddAsync(string deviceId, string method, JsonElement? parameters, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO device_events(device_id, at_ms, method, params_json) VALUES ($d, $t, $m, $p)";
        command.Parameters.AddWithValue("$d", deviceId);
        command.Parameters.AddWithValue("$t", time.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$m", method);
        command.Parameters.AddWithValue("$p", parameters is { } p ? p.GetRawText() : DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
        if (_subscribers.IsEmpty) return;
        var stored = new DeviceEvent(0, deviceId, time.GetUtcNow(), method, parameters?.GetRawText());
        foreach (var subscriber in _subscribers)
        {
            try
            {
                subscriber(stored);
            }
            catch (Exception)
            {
                // A failing listener must not fail the device's event.
            }
        }
    }

    public async Task<IReadOnlyList<DeviceEvent>> ListAsync(string deviceId, int take, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, device_id, at_ms, method, params_json FROM device_events WHERE device_id = $d ORDER BY id DESC LIMIT $take";
        command.Parameters.AddWithValue("$d", deviceId);
        command.Parameters.AddWithValue("$take", Math.Clamp(take, 1, 1000));
        var events = new List<DeviceEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new DeviceEvent(reader.GetInt64(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return events;
    }
}
