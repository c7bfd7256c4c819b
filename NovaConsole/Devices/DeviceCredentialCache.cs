using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;

namespace NovaConsole.Devices;

/// <summary>What authentication needs of a device, held in memory.</summary>
internal sealed record DeviceCredential(string DeviceId, byte[] KeyHash, bool IsEnabled);

/// <summary>
/// Device id -> key hash and enabled flag, so a connect storm (a restart with 19,000 devices reconnecting) costs
/// one table read instead of one SQLite query per device. The first lookup loads every device in one query;
/// after that a device missing from memory (created or changed since) is read alone and kept.
/// The registry invalidates an id after every committed change, so a reset key or a disabled device is refused
/// at the next connect.
/// </summary>
internal sealed class DeviceCredentialCache(IDbContextFactory<NovaDbContext> dbFactory, ILogger<DeviceCredentialCache> logger)
{
    private readonly ConcurrentDictionary<string, DeviceCredential> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private readonly HashSet<string> _invalidatedDuringLoad = new(StringComparer.OrdinalIgnoreCase);
    private Task? _bulkLoad;
    private bool _loading;
    private long _generation;

    public int Count => _entries.Count;

    /// <summary>The credential of <paramref name="deviceId"/> (any casing), or null when no such device exists.</summary>
    public async ValueTask<DeviceCredential?> FindAsync(string deviceId, CancellationToken ct)
    {
        await EnsureLoadedAsync(ct);
        if (_entries.TryGetValue(deviceId, out var cached)) return cached;

        long generation;
        lock (_gate) generation = _generation;
        var loaded = await ReadOneAsync(deviceId, ct);
        if (loaded is not null)
        {
            lock (_gate)
            {
                // A change committed while we read may have been invalidated already: do not keep what we read.
                if (_generation == generation) _entries[loaded.DeviceId] = loaded;
            }
        }
        return loaded;
    }

    /// <summary>Forget a device after a committed change; the next lookup reads it afresh.</summary>
    public void Invalidate(string deviceId)
    {
        lock (_gate)
        {
            _entries.TryRemove(deviceId, out _);
            _generation++;
            if (_loading) _invalidatedDuringLoad.Add(deviceId);
        }
    }

    private Task EnsureLoadedAsync(CancellationToken ct)
    {
        var load = Volatile.Read(ref _bulkLoad);
        if (load is { IsCompletedSuccessfully: true }) return Task.CompletedTask;
        lock (_gate)
        {
            // A failed load (database busy at start) is retried by the next caller instead of being remembered.
            if (_bulkLoad is null || _bulkLoad.IsFaulted || _bulkLoad.IsCanceled) _bulkLoad = LoadAllAsync();
            load = _bulkLoad;
        }
        return load.WaitAsync(ct);
    }

    private async Task LoadAllAsync()
    {
        lock (_gate)
        {
            _loading = true;
            _invalidatedDuringLoad.Clear();
        }
        try
        {
            var started = Stopwatch.GetTimestamp();
            await using var db = await dbFactory.CreateDbContextAsync();
            var rows = await db.Devices.AsNoTracking()
                .Select(d => new { d.DeviceId, d.KeyHash, d.IsEnabled })
                .ToListAsync();
            lock (_gate)
            {
                foreach (var row in rows)
                {
                    if (!_invalidatedDuringLoad.Contains(row.DeviceId))
                    {
                        _entries.TryAdd(row.DeviceId, new DeviceCredential(row.DeviceId, Convert.FromHexString(row.KeyHash), row.IsEnabled));
                    }
                }
            }
            DevicesLog.CredentialsLoaded(logger, rows.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            lock (_gate)
            {
                _loading = false;
                _invalidatedDuringLoad.Clear();
            }
        }
    }

    private async Task<DeviceCredential?> ReadOneAsync(string deviceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Devices.AsNoTracking()
            .Where(d => d.DeviceId == deviceId)
            .Select(d => new { d.DeviceId, d.KeyHash, d.IsEnabled })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : new DeviceCredential(row.DeviceId, Convert.FromHexString(row.KeyHash), row.IsEnabled);
    }
}
