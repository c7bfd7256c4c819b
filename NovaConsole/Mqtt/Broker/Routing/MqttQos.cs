namespace NovaConsole.Mqtt.Broker.Routing;

/// <summary>
/// Quality of service of a subscription or message (MQTT 3.1.1 §4.3). The routing layer keeps its
/// own small enum so it does not depend on the codec; the values are the wire values.
/// </summary>
internal enum MqttQos : byte
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
    ExactlyOnce = 2,
}
