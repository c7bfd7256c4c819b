using System.Globalization;
using Microsoft.Data.Sqlite;

namespace NovaConsole.Tests.Devices;

/// <summary>Writes many devices straight into a test app's SQLite file, in one transaction.</summary>
internal static class DeviceSeed
{
    public static readonly DateTime BaseTime = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Device i: id DEV-{i:D6}, name "Pump i" (even) or "Valve i" (odd), created BaseTime + i minutes,
    /// last seen BaseTime + i hours when i is a multiple of 3, tag "north" when i is a multiple of 5.
    /// Key hashes are fake: these devices are for listing, not for signing in.
    /// </summary>
    public static async Task InsertAsync(string dataPath, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "novaconsole.db")}");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var device = connection.CreateCommand();
        device.Transaction = transaction;
        device.CommandText = """
            INSERT INTO devices (device_id, name, description, key_hash, is_enabled, created_utc, updated_utc, last_seen_utc)
            VALUES ($id, $name, '', $hash, 1, $created, $created, $seen);
            SELECT last_insert_rowid();
            """;
        var id = device.Parameters.Add("$id", SqliteType.Text);
        var name = device.Parameters.Add("$name", SqliteType.Text);
        var hash = device.Parameters.Add("$hash", SqliteType.Text);
        var created = device.Parameters.Add("$created", SqliteType.Text);
        var seen = device.Parameters.Add("$seen", SqliteType.Text);
        await using var tag = connection.CreateCommand();
        tag.Transaction = transaction;
        tag.CommandText = "INSERT INTO device_tags (device_ref, tag) VALUES ($ref, 'north')";
        var tagRef = tag.Parameters.Add("$ref", SqliteType.Integer);
        hash.Value = new string('0', 64);
        for (var i = 0; i < count; i++)
        {
            id.Value = $"DEV-{i:D6}";
            name.Value = (i % 2 == 0 ? "Pump " : "Valve ") + i.ToString(CultureInfo.InvariantCulture);
            created.Value = Format(BaseTime.AddMinutes(i));
            seen.Value = i % 3 == 0 ? Format(BaseTime.AddHours(i)) : DBNull.Value;
            var rowId = (long)(await device.ExecuteScalarAsync())!;
            if (i % 5 == 0)
            {
                tagRef.Value = rowId;
                await tag.ExecuteNonQueryAsync();
            }
        }
        await transaction.CommitAsync();
    }

    /// <summary>The text form EF Core's SQLite provider uses for DateTime.</summary>
    private static string Format(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
