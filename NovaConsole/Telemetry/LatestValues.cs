using System.Collections.Concurrent;

namespace NovaConsole.Telemetry;

/// <summary>
/// The latest value of every key of every device that has been read or written since start, in memory,
/// so live pages and <c>/telemetry/latest</c> do not query SQLite. A device's stored values are loaded on
/// its first read; writes and that load merge newest-wins, so their order does not matter.
/// </summary>
internal sealed class LatestValues(TelemetryStore store)
{
    private readonly ConcurrentDictionary<string, DeviceLatest> _byDevice = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlyList<LatestValue>> ForDeviceAsync(string deviceId, CancellationToken ct)
    {
        var device = _byDevice.GetOrAdd(deviceId, _ => new DeviceLatest());
        if (!device.Loaded)
        {
            foreach (var value in await store.ReadLatestAsync(deviceId, ct)) device.Merge(value);
            device.Loaded = true;
        }
        return [.. device.Values.Values.OrderBy(v => v.Key, StringComparer.Ordinal)];
    }

    /// <summary>Called by the writer after each commit; an older reading never replaces a newer one.</summary>
    public void Apply(IEnumerable<LatestValue> changed)
    {
        foreach (var value in changed) _byDevice.GetOrAdd(value.DeviceId, _ => new DeviceLatest()).Merge(value);
    }

    public void Forget(string deviceId) => _byDevice.TryRemove(deviceId, out _);

    private sealed class DeviceLatest
    {
        public ConcurrentDictionary<string, LatestValue> Values { get; } = new(StringComparer.Ordinal);

        public volatile bool Loaded;

        public void Merge(LatestValue value) =>
            Values.AddOrUpdate(value.Key, value, (_, existing) => existing.At > value.At ? existing : value);
    }
}
