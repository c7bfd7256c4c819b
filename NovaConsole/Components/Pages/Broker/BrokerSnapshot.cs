using NovaConsole.Mqtt.Broker;

namespace NovaConsole.Components.Pages.Broker;

/// <summary>
/// What the broker page shows, taken once per refresh and cascaded to its parts (a cascade, because the broker's
/// types are internal and component parameters must be public).
/// </summary>
internal sealed record BrokerSnapshot(MqttBrokerStatistics Statistics, IReadOnlyList<MqttClientInfo> Clients, DateTimeOffset TakenAt);
