using System.Collections.Concurrent;

namespace NovaConsole.Telemetry;

/// <summary>
/// The latest value of every key of every device that has been read or written since start, in memory,
/// so live pages and <c>/telemetry/latest</c> do not query SQLite. Filled from the store on first read.
/// </summary>
internal sealed class LatestValues(TelemetryStore store)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, LatestValue>> _byDevice = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlyList<LatestValue>> ForDeviceAsync(string deviceId, CancellationToken ct)
    {
        if (!_byDevice.TryGetValue(deviceId, out var values))
        {
            var stored = await store.ReadLatestAsync(deviceId, ct);
            values = _byDevice.GetOrAdd(deviceId, _ => new ConcurrentDictionary<string, LatestValue>(stored.Select(v => KeyValuePair.Create(v.Key, v))));
        }
        return [.. values.Values.OrderBy(v => v.Key, StringComparer.Ordinal)];
    }

    /// <summary>Called by the writer after each commit; an older reading never replaces a newer one.</summary>
    public void Apply(IEnumerable<LatestValue> changed)
    {
        foreach (var value in changed)
        {
            var values = _byDevice.GetOrAdd(value.DeviceId, _ => new ConcurrentDictionary<string, LatestValue>());
            values.AddOrUpdate(value.Key, value, (_, existing) => existing.At > value.At ? existing : value);
        }
    }

    public void Forget(string deviceId) => _byDevice.TryRemove(deviceId, out _);
}
