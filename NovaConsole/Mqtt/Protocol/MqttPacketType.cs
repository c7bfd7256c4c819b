namespace NovaConsole.Mqtt.Protocol;

/// <summary>Control packet type, the high nibble of the fixed header (MQTT 3.1.1 §2.2.1).</summary>
internal enum MqttPacketType : byte
{
    // 0 is reserved in 3.1.1; 15 is reserved in 3.1.1 and becomes AUTH in MQTT 5.
    Connect = 1,
    ConnAck = 2,
    Publish = 3,
    PubAck = 4,
    PubRec = 5,
    PubRel = 6,
    PubComp = 7,
    Subscribe = 8,
    SubAck = 9,
    Unsubscribe = 10,
    UnsubAck = 11,
    PingReq = 12,
    PingResp = 13,
    Disconnect = 14,

    /// <summary>MQTT 5.0 §3.15 only; reserved in 3.1.x.</summary>
    Auth = 15,
}
