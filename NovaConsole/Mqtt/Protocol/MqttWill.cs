namespace NovaConsole.Mqtt.Protocol;

/// <summary>The will message carried by CONNECT (MQTT 3.1.1 §3.1.2.5, §3.1.3.2-3). Copied out of the buffer: it is stored.</summary>
internal sealed record MqttWill(string Topic, ReadOnlyMemory<byte> Payload, MqttQualityOfService QualityOfService, bool Retain)
{
    /// <summary>MQTT 5.0 §3.1.3.2 will properties (delay, expiry, content type, response topic, ...); null in 3.1.x.</summary>
    public MqttProperties? Properties { get; init; }
}
