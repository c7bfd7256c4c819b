using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace NovaConsole.Telemetry;

/// <summary>A page of a device's latest values, ordered by key, and how many keys the device has in all.</summary>
internal sealed record LatestPage(IReadOnlyList<LatestValue> Values, int Total);

/// <summary>
/// The latest value of every key of every device that has been read or written since start, in memory,
/// so live pages and <c>/telemetry/latest</c> do not query SQLite. A device's stored values are loaded on
/// its first read; writes and that load merge newest-wins, so their order does not matter.
/// </summary>
/// <remarks>
/// Memory is bounded per device by <see cref="TelemetryOptions.MaxKeysPerDevice"/>. A device with more keys than that
/// (stored before the cap existed, or before it was lowered) is not kept here at all: its pages are read from SQLite,
/// so one such device cannot hold hundreds of thousands of values in memory for as long as the process runs.
/// </remarks>
internal sealed class LatestValues(TelemetrySeries series, IOptions<TelemetryOptions> options)
{
    private readonly ConcurrentDictionary<string, DeviceLatest> _byDevice = new(StringComparer.OrdinalIgnoreCase);

    private int MaxKeys => options.Value.MaxKeysPerDevice;

    public async Task<LatestPage> PageAsync(string deviceId, int skip, int take, CancellationToken ct)
    {
        var device = _byDevice.GetOrAdd(deviceId, _ => new DeviceLatest());
        if (!device.Loaded && !device.Oversized)
        {
            // One more than the cap tells whether the device fits, without reading all of one that does not.
            var stored = await series.ReadLatestAsync(deviceId, 0, MaxKeys + 1, ct);
            if (stored.Count > MaxKeys)
            {
                device.MarkOversized();
            }
            else
            {
                foreach (var value in stored) device.Merge(value, MaxKeys);
                device.Loaded = true;
            }
        }
        if (device.Oversized)
        {
            return new LatestPage(await series.ReadLatestAsync(deviceId, skip, take, ct), await series.CountLatestAsync(deviceId, ct));
        }
        var all = device.Values.Values.OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
        return new LatestPage([.. all.Skip(skip).Take(take)], all.Count);
    }

    /// <summary>Called by the writer after each commit; an older reading never replaces a newer one.</summary>
    public void Apply(IEnumerable<LatestValue> changed)
    {
        foreach (var value in changed) _byDevice.GetOrAdd(value.DeviceId, _ => new DeviceLatest()).Merge(value, MaxKeys);
    }

    public void Forget(string deviceId) => _byDevice.TryRemove(deviceId, out _);

    private sealed class DeviceLatest
    {
        public ConcurrentDictionary<string, LatestValue> Values { get; } = new(StringComparer.Ordinal);

        public volatile bool Loaded;

        public volatile bool Oversized;

        public void MarkOversized()
        {
            Oversized = true;
            Values.Clear();
        }

        public void Merge(LatestValue value, int maxKeys)
        {
            if (Oversized) return;
            if (Values.Count >= maxKeys && !Values.ContainsKey(value.Key))
            {
                MarkOversized();
                return;
            }
            Values.AddOrUpdate(value.Key, value, (_, existing) => existing.At > value.At ? existing : value);
        }
    }
}
