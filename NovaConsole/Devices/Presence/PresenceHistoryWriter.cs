using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using NovaConsole.Data;

namespace NovaConsole.Devices.Presence;

/// <summary>
/// Persists every presence change and reported status as device_status_history rows and keeps devices.last_seen_utc,
/// transport and last_remote_address current. Transports only enqueue (a full queue drops, never waits); one loop
/// writes whatever has gathered in one transaction. The history never leaves a device "online" across a stop: at
/// shutdown every device still online gets an offline row, and at start-up (after a crash or kill) every device
/// whose latest row is online gets one too, both with the reason <see cref="ServerStoppedReason"/>.
/// </summary>
internal sealed class PresenceHistoryWriter(DevicePresence presence, DatabaseLocation database, TimeProvider time, ILogger<PresenceHistoryWriter> logger)
    : BackgroundService
{
    public const int Capacity = 4096;
    public const string ServerStoppedReason = "server stopped";
    private const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private IDisposable[] _subscriptions = [];
    private long _dropped;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before any transport listens (hosted services start before Kestrel), so no new session can be closed by it.
        await CloseOpenPresencesAsync(cancellationToken);
        _subscriptions =
        [
            presence.Subscribe(change => Enqueue(new Pending(StatusHistoryEntry.From(change),
                change.Online ? presence.Find(change.DeviceId)?.RemoteAddress : null))),
            presence.SubscribeReports(report => Enqueue(new Pending(StatusHistoryEntry.From(report, presence.IsOnline(report.DeviceId)), null))),
        ];
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions) subscription.Dispose();
        // Whatever the transports have not closed yet (their own stop may come after ours) ends with the server.
        var now = time.GetUtcNow();
        foreach (var (deviceId, transport) in presence.OnlineDevices())
        {
            Enqueue(new Pending(new StatusHistoryEntry(deviceId, now, false, transport, ServerStoppedReason), null));
        }
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private void Enqueue(Pending pending)
    {
        if (_queue.Writer.TryWrite(pending)) return;
        PresenceLog.HistoryDropped(logger, pending.Entry.DeviceId, Interlocked.Increment(ref _dropped));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        var reader = _queue.Reader;
        // Drains what was queued before shutdown: a stop is often right after the last disconnects.
        while (await WaitAsync(reader, stoppingToken))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var pending)) batch.Add(pending);
            try
            {
                await WriteAsync(batch);
            }
            catch (Exception e)
            {
                PresenceLog.HistoryWriteFailed(logger, e, batch.Count);
            }
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        // Only for a device that exists and existed then: the "deleted" disconnect of a deleted device, written a moment
        // later, must not become the first history entry of a device created again with the same id.
        insert.CommandText = """
            INSERT INTO device_status_history(device_id, at_utc, online, transport, reason)
            SELECT $d, $t, $o, $tr, $r WHERE EXISTS (SELECT 1 FROM devices WHERE device_id = $d AND created_utc <= $at)
            """;
        var (d, t, o, tr, r) = (insert.Parameters.Add("$d", SqliteType.Text), insert.Parameters.Add("$t", SqliteType.Integer),
            insert.Parameters.Add("$o", SqliteType.Integer), insert.Parameters.Add("$tr", SqliteType.Text), insert.Parameters.Add("$r", SqliteType.Text));
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        await using var seen = connection.CreateCommand();
        seen.Transaction = transaction;
        // Text in EF Core's DateTime format, so the devices list sorts it; an older change never moves it back.
        seen.CommandText = """
            UPDATE devices SET last_seen_utc = $seen, transport = COALESCE($tr, transport), last_remote_address = COALESCE($addr, last_remote_address)
            WHERE device_id = $d AND (last_seen_utc IS NULL OR last_seen_utc <= $seen)
            """;
        var (sd, ss, str, saddr) = (seen.Parameters.Add("$d", SqliteType.Text), seen.Parameters.Add("$seen", SqliteType.Text),
            seen.Parameters.Add("$tr", SqliteType.Text), seen.Parameters.Add("$addr", SqliteType.Text));
        foreach (var (entry, address) in batch)
        {
            d.Value = entry.DeviceId;
            t.Value = entry.At.ToUnixTimeMilliseconds();
            o.Value = entry.Online ? 1 : 0;
            tr.Value = (object?)entry.Transport ?? DBNull.Value;
            r.Value = entry.Reason;
            at.Value = entry.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            await insert.ExecuteNonQueryAsync();
            sd.Value = entry.DeviceId;
            ss.Value = entry.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            str.Value = (object?)entry.Transport ?? DBNull.Value;
            saddr.Value = (object?)address ?? DBNull.Value;
            await seen.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    /// <summary>Adds an offline row for every device whose latest row says online: the process ended without writing it.</summary>
    private async Task CloseOpenPresencesAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var close = connection.CreateCommand();
        // SQLite takes the bare columns of a MAX() aggregate from the row holding the maximum: each device's latest row.
        close.CommandText = """
            INSERT INTO device_status_history(device_id, at_utc, online, transport, reason)
            SELECT device_id, MAX($now, at_utc), 0, transport, $reason FROM (
                SELECT device_id, online, transport, MAX(at_utc) AS at_utc FROM device_status_history GROUP BY device_id)
            WHERE online = 1
            """;
        close.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        close.Parameters.AddWithValue("$reason", ServerStoppedReason);
        var closed = await close.ExecuteNonQueryAsync(cancellationToken);
        if (closed > 0) PresenceLog.OpenPresencesClosed(logger, closed);
    }

    private static async Task<bool> WaitAsync(ChannelReader<Pending> reader, CancellationToken stoppingToken)
    {
        try
        {
            return await reader.WaitToReadAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return reader.TryPeek(out _);
        }
    }

    private readonly record struct Pending(StatusHistoryEntry Entry, string? RemoteAddress);
}
