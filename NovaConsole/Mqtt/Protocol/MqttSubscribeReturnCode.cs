namespace NovaConsole.Mqtt.Protocol;

/// <summary>SUBACK return codes, MQTT 3.1.1 §3.9.3 (all other values are reserved).</summary>
internal enum MqttSubscribeReturnCode : byte
{
    GrantedQoS0 = 0x00,
    GrantedQoS1 = 0x01,
    GrantedQoS2 = 0x02,
    Failure = 0x80,
}
