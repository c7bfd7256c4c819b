namespace NovaConsole.Mqtt.Protocol;

/// <summary>MQTT 3.1.1 §4.3. The value 3 is reserved and never represented here.</summary>
internal enum MqttQualityOfService : byte
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
    ExactlyOnce = 2,
}
