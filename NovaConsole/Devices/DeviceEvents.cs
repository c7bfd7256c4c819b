using System.Text.Json;
using Microsoft.Data.Sqlite;
using NovaConsole.Data;
using NovaConsole.Live;

namespace NovaConsole.Devices;

internal sealed record DeviceEvent(long Id, string DeviceId, DateTimeOffset At, string Method, string? ParamsJson);

internal sealed record DeviceEventPage(IReadOnlyList<DeviceEvent> Items, int Total);

/// <summary>
/// Events devices report (seed 000 §4.1.3: a method and its params), kept for the device page and the API. A device
/// keeps its newest <see cref="MaxPerDevice"/> events; older ones are dropped as new ones arrive.
/// </summary>
internal sealed class DeviceEvents(DatabaseLocation database, TimeProvider time, DeviceReportNotifications reports)
{
    public const int MaxPerDevice = 10_000;
    public const int MaxMethodLength = 128;
    public const int MaxParamsBytes = 16 * 1024;
    public const int MaxTake = 500;

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

    /// <returns>Null when stored, else why not.</returns>
    public async Task<string?> AddAsync(string deviceId, string method, JsonElement? parameters, CancellationToken ct)
    {
        if (method.Length > MaxMethodLength) return $"an event method may have at most {MaxMethodLength} characters";
        var paramsJson = parameters?.GetRawText();
        if (paramsJson is { Length: > MaxParamsBytes }) return $"event params may hold at most {MaxParamsBytes} bytes";
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        // The prune walks (device_id, id) backwards: cheap, and the table never grows past the cap per device.
        command.CommandText = """
            INSERT INTO device_events(device_id, at_ms, method, params_json) VALUES ($d, $t, $m, $p);
            DELETE FROM device_events WHERE device_id = $d AND id <=
                (SELECT id FROM device_events WHERE device_id = $d ORDER BY id DESC LIMIT 1 OFFSET $keep);
            """;
        command.Parameters.AddWithValue("$d", deviceId);
        command.Parameters.AddWithValue("$t", time.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$m", method);
        command.Parameters.AddWithValue("$p", (object?)paramsJson ?? DBNull.Value);
        command.Parameters.AddWithValue("$keep", MaxPerDevice);
        await command.ExecuteNonQueryAsync(ct);
        reports.Publish(deviceId, DeviceReportKind.Event);
        if (_subscribers.IsEmpty) return null;
        var stored = new DeviceEvent(0, deviceId, time.GetUtcNow(), method, paramsJson);
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
        return null;
    }

    /// <summary>The newest events first.</summary>
    public async Task<IReadOnlyList<DeviceEvent>> ListAsync(string deviceId, int take, CancellationToken ct) =>
        (await PageAsync(deviceId, 0, take, ct)).Items;

    /// <summary>A page of the device's events, newest first, with the total count.</summary>
    public async Task<DeviceEventPage> PageAsync(string deviceId, int skip, int take, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM device_events WHERE device_id = $d";
        count.Parameters.AddWithValue("$d", deviceId);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(ct));

        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, device_id, at_ms, method, params_json FROM device_events WHERE device_id = $d
            ORDER BY id DESC LIMIT $take OFFSET $skip
            """;
        command.Parameters.AddWithValue("$d", deviceId);
        command.Parameters.AddWithValue("$take", Math.Clamp(take, 1, MaxTake));
        command.Parameters.AddWithValue("$skip", Math.Max(0, skip));
        var events = new List<DeviceEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new DeviceEvent(reader.GetInt64(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return new DeviceEventPage(events, total);
    }

    /// <summary>Forgets every event of a deleted device, so one created again with its id starts empty.</summary>
    public async Task DeleteAllAsync(string deviceId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM device_events WHERE device_id = $d";
        command.Parameters.AddWithValue("$d", deviceId);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}
