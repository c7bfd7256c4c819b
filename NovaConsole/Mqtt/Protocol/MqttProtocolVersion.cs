namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// The negotiated protocol; values are the CONNECT protocol levels so versions compare in order.
/// Every reader and writer takes one, so MQTT 5 (level 5, properties) can be added without new entry points.
/// </summary>
internal enum MqttProtocolVersion : byte
{
    /// <summary>MQTT 3.1, protocol name "MQIsdp".</summary>
    V310 = 3,

    /// <summary>MQTT 3.1.1 (OASIS), protocol name "MQTT".</summary>
    V311 = 4,

    /// <summary>MQTT 5.0 (OASIS), protocol name "MQTT": properties and reason codes on most packets.</summary>
    V500 = 5,
}
