using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NovaConsole.Data;

namespace NovaConsole.Devices.Http;

/// <summary>
/// A device that reaches the API is "seen": its last-seen time, transport ("http") and address are kept in the
/// devices table, at most once per <see cref="HttpDeviceOptions.SeenWriteSeconds"/> per device and off the request's
/// path. Seen is not online: a device is online only while it long-polls for commands (<see cref="HttpCommandMailbox"/>).
/// </summary>
internal sealed class HttpDeviceSightings(
    IDbContextFactory<NovaDbContext> dbFactory, IOptions<HttpDeviceOptions> options, TimeProvider time, ILogger<HttpDeviceSightings> logger)
{
    private readonly TimeSpan _every = TimeSpan.FromSeconds(options.Value.SeenWriteSeconds);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _written = new(StringComparer.OrdinalIgnoreCase);

    public void Seen(string deviceId, string? remoteAddress)
    {
        var now = time.GetUtcNow();
        if (_written.TryGetValue(deviceId, out var last) && now - last < _every) return;
        _written[deviceId] = now;
        _ = WriteAsync(deviceId, now.UtcDateTime, remoteAddress);
    }

    private async Task WriteAsync(string deviceId, DateTime seen, string? remoteAddress)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            // Fixed SQL, so nothing is translated on this path; Microsoft.Data.Sqlite binds a DateTime in EF's own text format,
            // and an older sighting never moves the time back.
            await db.Database.ExecuteSqlAsync($"""
                UPDATE devices SET last_seen_utc = {seen}, transport = {HttpDeviceApi.Transport}, last_remote_address = COALESCE({(object?)remoteAddress ?? DBNull.Value}, last_remote_address)
                WHERE device_id = {deviceId} AND (last_seen_utc IS NULL OR last_seen_utc <= {seen})
                """);
        }
        catch (Exception e)
        {
            _written.TryRemove(deviceId, out _);
            HttpDeviceLog.SeenWriteFailed(logger, e, deviceId);
        }
    }
}
