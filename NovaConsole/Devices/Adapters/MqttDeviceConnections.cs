using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using NovaConsole.Mqtt.Broker;

namespace NovaConsole.Devices.Adapters;

/// <summary>
/// Keeps each device to <see cref="DevicesOptions.MaxMqttConnectionsPerDevice"/> live MQTT connections, whatever
/// client ids it uses: a newer connection replaces the oldest, as a newer TCP connection replaces the older one.
/// A stale copy of a device (or a cloned key) therefore cannot pile up sessions that each receive its commands.
/// </summary>
internal sealed class MqttDeviceConnections(IServiceProvider services, PlatformCloseReasons closeReasons, IOptions<DevicesOptions> options)
{
    private const string ReplacedReason = "replaced by a newer MQTT connection of the same device";

    private readonly ConcurrentDictionary<string, MqttClientContext[]> _live = new(StringComparer.OrdinalIgnoreCase);

    // The broker needs the hooks that own this class, so it is resolved on first use instead of injected.
    private IMqttServer? _broker;

    public int Count(string deviceId) => _live.TryGetValue(deviceId, out var clients) ? clients.Length : 0;

    public void Opened(string deviceId, MqttClientContext client)
    {
        var limit = options.Value.MaxMqttConnectionsPerDevice;
        MqttClientContext[] evicted = [];
        _live.AddOrUpdate(deviceId, [client], (_, existing) =>
        {
            var all = existing.Append(client).ToArray();
            var excess = Math.Max(0, all.Length - limit);
            evicted = all[..excess];
            return all[excess..];
        });

        foreach (var old in evicted)
        {
            closeReasons.Note(deviceId, ReplacedReason);
            _ = Broker.DisconnectAsync(old.ClientId, MqttDisconnectReason.ServerKick);
        }
    }

    public void Closed(string deviceId, MqttClientContext client)
    {
        while (_live.TryGetValue(deviceId, out var existing))
        {
            var remaining = existing.Where(c => !ReferenceEquals(c, client)).ToArray();
            if (remaining.Length == existing.Length) return;
            var done = remaining.Length == 0
                ? _live.TryRemove(new KeyValuePair<string, MqttClientContext[]>(deviceId, existing))
                : _live.TryUpdate(deviceId, remaining, existing);
            if (done) return;
        }
    }

    private IMqttServer Broker => _broker ??= services.GetRequiredService<IMqttServer>();
}
