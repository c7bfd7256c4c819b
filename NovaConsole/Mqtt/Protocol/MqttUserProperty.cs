namespace NovaConsole.Mqtt.Protocol;

/// <summary>MQTT 5.0 §3.3.2.3.7 user property: a name and value pair, kept in order, names may repeat.</summary>
internal readonly record struct MqttUserProperty(string Name, string Value);
