namespace NovaConsole.Devices.Adapters;

/// <summary>Who an MQTT connection is, decided once at CONNECT and carried by the broker for every later check.</summary>
internal sealed record MqttDeviceIdentity(string DeviceId);
