using System.Collections.Concurrent;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;
using NovaConsole.Ota;

namespace NovaConsole.Devices.Adapters;

/// <summary>
/// OTA informs over MQTT (seed 000 §4.2.5): published QoS 1, not retained, to the inform topic the device subscribed
/// to on its live connection, the seed's spelling or ThingsPanel's "infrom" (the seed's when it listens on both).
/// A subscription is remembered per connection and forgotten when that connection closes.
/// </summary>
internal sealed partial class MqttOtaTransport(IServiceProvider services, ILogger<MqttOtaTransport> logger) : IOtaInformTransport
{
    private readonly ConcurrentDictionary<string, Listening> _listening = new(StringComparer.OrdinalIgnoreCase);
    private IMqttServer? _broker;

    private sealed record Listening(string ConnectionId, string Topic);

    // Resolved on first use: the broker is built with the hooks that use this class.
    private IMqttServer Broker => _broker ??= services.GetRequiredService<IMqttServer>();

    public string? ListeningTopic(string deviceId) => _listening.TryGetValue(deviceId, out var l) ? l.Topic : null;

    public ValueTask PublishAsync(string topic, byte[] payload) => Broker.PublishAsync(topic, payload, MqttQualityOfService.AtLeastOnce, retain: false);

    public void Subscribed(string deviceId, string connectionId, string filter)
    {
        _listening.AddOrUpdate(deviceId, new Listening(connectionId, filter), (_, old) =>
            // On both spellings the seed's wins; a new connection replaces an old one's.
            old.ConnectionId == connectionId && old.Topic == DeviceTopics.ThingsPanelOtaInform(deviceId) ? old : new Listening(connectionId, filter));
        var listeners = services.GetRequiredService<OtaListeners>();
        _ = Task.Run(async () =>
        {
            try
            {
                await listeners.SubscribedAsync(deviceId, filter);
            }
            catch (Exception e)
            {
                LogListenerFailed(logger, e, deviceId);
            }
        });
    }

    public void Closed(string deviceId, string connectionId)
    {
        if (_listening.TryGetValue(deviceId, out var l) && l.ConnectionId == connectionId)
        {
            _listening.TryRemove(new KeyValuePair<string, Listening>(deviceId, l));
        }
    }

    [LoggerMessage(EventId = 7050, Level = LogLevel.Warning, Message = "OTA: recording that device {DeviceId} listens for informs failed")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string deviceId);
}
