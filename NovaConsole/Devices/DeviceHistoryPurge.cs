using Microsoft.Data.Sqlite;
using NovaConsole.Data;

namespace NovaConsole.Devices;

/// <summary>Forgets a deleted device's attributes, events, status history and clock offset.</summary>
internal sealed class DeviceHistoryPurge(DeviceAttributes attributes, DeviceEvents events, DeviceClocks clocks, DatabaseLocation database) : IDeviceDataPurge
{
    public async Task PurgeAsync(string deviceId, CancellationToken ct)
    {
        await attributes.DeleteAllAsync(deviceId, ct);
        await events.DeleteAllAsync(deviceId, ct);
        clocks.Forget(deviceId);
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM device_status_history WHERE device_id = $d";
        command.Parameters.AddWithValue("$d", deviceId);
        await command.ExecuteNonQueryAsync(ct);
    }
}
