namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// The properties of one MQTT 5 packet (MQTT 5.0 §2.2.2). Read only for level 5, so MQTT 3.1.x never pays for it;
/// a packet without properties has none (null), not an empty instance. Reading is in MqttPropertiesReader.cs,
/// writing in MqttPropertiesWriter.cs.
/// </summary>
internal sealed class MqttProperties
{
    public byte? PayloadFormatIndicator { get; set; }

    public uint? MessageExpiryInterval { get; set; }

    public string? ContentType { get; set; }

    public string? ResponseTopic { get; set; }

    public ReadOnlyMemory<byte>? CorrelationData { get; set; }

    /// <summary>One in SUBSCRIBE; one per matching subscription in a PUBLISH to a client (§3.3.2.3.8).</summary>
    public List<int>? SubscriptionIdentifiers { get; set; }

    public uint? SessionExpiryInterval { get; set; }

    public string? AssignedClientIdentifier { get; set; }

    public ushort? ServerKeepAlive { get; set; }

    public string? AuthenticationMethod { get; set; }

    public ReadOnlyMemory<byte>? AuthenticationData { get; set; }

    public byte? RequestProblemInformation { get; set; }

    public uint? WillDelayInterval { get; set; }

    public byte? RequestResponseInformation { get; set; }

    public string? ResponseInformation { get; set; }

    public string? ServerReference { get; set; }

    public string? ReasonString { get; set; }

    public ushort? ReceiveMaximum { get; set; }

    public ushort? TopicAliasMaximum { get; set; }

    public ushort? TopicAlias { get; set; }

    public byte? MaximumQoS { get; set; }

    public byte? RetainAvailable { get; set; }

    public List<MqttUserProperty>? UserProperties { get; set; }

    public uint? MaximumPacketSize { get; set; }

    public byte? WildcardSubscriptionAvailable { get; set; }

    public byte? SubscriptionIdentifierAvailable { get; set; }

    public byte? SharedSubscriptionAvailable { get; set; }

    /// <summary>A shallow copy (lists copied), so a forwarded message can change its own expiry or identifiers.</summary>
    public MqttProperties Clone()
    {
        var copy = (MqttProperties)MemberwiseClone();
        copy.SubscriptionIdentifiers = SubscriptionIdentifiers is null ? null : [.. SubscriptionIdentifiers];
        copy.UserProperties = UserProperties is null ? null : [.. UserProperties];
        return copy;
    }
}
