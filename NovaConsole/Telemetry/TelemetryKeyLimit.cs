using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace NovaConsole.Telemetry;

/// <summary>
/// Caps the distinct telemetry keys of one device (<see cref="TelemetryOptions.MaxKeysPerDevice"/>). Every key is a
/// series row, a latest value kept in memory and a line on the device page; a device that invents a new key per
/// message (a counter in the key, a bug) would grow all three without bound. A message that would take a device over
/// the cap is refused whole; messages with keys it already has are always taken.
/// </summary>
/// <remarks>
/// A device's stored keys are read from SQLite on its first message after start, then kept as a set per device. New
/// keys count from the moment they are accepted, before they are committed: a batch that then fails to commit leaves
/// them counted, which only ever errs towards the cap, and the device sends them again anyway. A device that already
/// has more keys than the cap (stored before it existed or was lowered) keeps all of them here, as they still work.
/// </remarks>
internal sealed class TelemetryKeyLimit(TelemetrySeries series, IOptions<TelemetryOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<HashSet<string>>>> _byDevice = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when the readings fit; otherwise why not, for the device's developer.</summary>
    public async ValueTask<string?> CheckAsync(string deviceId, IReadOnlyList<TelemetryReading> readings, CancellationToken ct)
    {
        var load = _byDevice.GetOrAdd(deviceId, id => new Lazy<Task<HashSet<string>>>(() => LoadAsync(id)));
        var keys = load.Value.IsCompletedSuccessfully ? load.Value.Result : await Loaded(deviceId, load, ct);
        var max = options.Value.MaxKeysPerDevice;
        lock (keys)
        {
            List<string>? added = null;
            foreach (var reading in readings)
            {
                if (keys.Add(reading.Key)) (added ??= []).Add(reading.Key);
            }
            if (added is null || keys.Count <= max) return null;
            foreach (var key in added) keys.Remove(key);
            return $"the device already has {keys.Count} telemetry keys and this message brings {added.Count} new; " +
                   $"a device may have at most {max} distinct keys (Telemetry:MaxKeysPerDevice); values of its existing keys are still taken";
        }
    }

    /// <summary>Drops what is known of the device's keys (after a delete); the next message reads them again.</summary>
    public void Forget(string deviceId) => _byDevice.TryRemove(deviceId, out _);

    private async Task<HashSet<string>> Loaded(string deviceId, Lazy<Task<HashSet<string>>> load, CancellationToken ct)
    {
        try
        {
            return await load.Value.WaitAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // A failed read must not stick: the next message of this device tries again.
            _byDevice.TryRemove(new(deviceId, load));
            throw;
        }
    }

    private async Task<HashSet<string>> LoadAsync(string deviceId) =>
        new(await series.ReadKeysAsync(deviceId, CancellationToken.None), StringComparer.Ordinal);
}
