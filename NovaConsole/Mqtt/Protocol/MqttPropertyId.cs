namespace NovaConsole.Mqtt.Protocol;

/// <summary>MQTT 5.0 §2.2.2.2 property identifiers.</summary>
internal enum MqttPropertyId : byte
{
    PayloadFormatIndicator = 0x01,
    MessageExpiryInterval = 0x02,
    ContentType = 0x03,
    ResponseTopic = 0x08,
    CorrelationData = 0x09,
    SubscriptionIdentifier = 0x0B,
    SessionExpiryInterval = 0x11,
    AssignedClientIdentifier = 0x12,
    ServerKeepAlive = 0x13,
    AuthenticationMethod = 0x15,
    AuthenticationData = 0x16,
    RequestProblemInformation = 0x17,
    WillDelayInterval = 0x18,
    RequestResponseInformation = 0x19,
    ResponseInformation = 0x1A,
    ServerReference = 0x1C,
    ReasonString = 0x1F,
    ReceiveMaximum = 0x21,
    TopicAliasMaximum = 0x22,
    TopicAlias = 0x23,
    MaximumQoS = 0x24,
    RetainAvailable = 0x25,
    UserProperty = 0x26,
    MaximumPacketSize = 0x27,
    WildcardSubscriptionAvailable = 0x28,
    SubscriptionIdentifierAvailable = 0x29,
    SharedSubscriptionAvailable = 0x2A,
}

/// <summary>MQTT 5.0 §1.5 data representations a property value takes.</summary>
internal enum MqttPropertyType : byte
{
    Byte,
    TwoByteInteger,
    FourByteInteger,
    VariableByteInteger,
    Utf8String,
    BinaryData,
    Utf8StringPair,
}

/// <summary>Where a property block appears: each packet with properties, and the will properties of CONNECT.</summary>
[Flags]
internal enum MqttPropertyContext
{
    None = 0,
    Connect = 1 << 0,
    ConnAck = 1 << 1,
    Publish = 1 << 2,
    Will = 1 << 3,
    PubAck = 1 << 4,
    PubRec = 1 << 5,
    PubRel = 1 << 6,
    PubComp = 1 << 7,
    Subscribe = 1 << 8,
    SubAck = 1 << 9,
    Unsubscribe = 1 << 10,
    UnsubAck = 1 << 11,
    Disconnect = 1 << 12,
    Auth = 1 << 13,
    Acks = PubAck | PubRec | PubRel | PubComp,
    All = (1 << 14) - 1,
}

/// <summary>MQTT 5.0 §2.2.2.2 table 2-4: each property's type and the packets that may carry it.</summary>
internal static class MqttPropertyTable
{
    public static bool TryGet(byte id, out MqttPropertyType type, out MqttPropertyContext allowed)
    {
        const MqttPropertyContext PublishOrWill = MqttPropertyContext.Publish | MqttPropertyContext.Will;
        (type, allowed) = (MqttPropertyId)id switch
        {
            MqttPropertyId.PayloadFormatIndicator => (MqttPropertyType.Byte, PublishOrWill),
            MqttPropertyId.MessageExpiryInterval => (MqttPropertyType.FourByteInteger, PublishOrWill),
            MqttPropertyId.ContentType => (MqttPropertyType.Utf8String, PublishOrWill),
            MqttPropertyId.ResponseTopic => (MqttPropertyType.Utf8String, PublishOrWill),
            MqttPropertyId.CorrelationData => (MqttPropertyType.BinaryData, PublishOrWill),
            MqttPropertyId.SubscriptionIdentifier => (MqttPropertyType.VariableByteInteger, MqttPropertyContext.Publish | MqttPropertyContext.Subscribe),
            MqttPropertyId.SessionExpiryInterval => (MqttPropertyType.FourByteInteger, MqttPropertyContext.Connect | MqttPropertyContext.ConnAck | MqttPropertyContext.Disconnect),
            MqttPropertyId.AssignedClientIdentifier => (MqttPropertyType.Utf8String, MqttPropertyContext.ConnAck),
            MqttPropertyId.ServerKeepAlive => (MqttPropertyType.TwoByteInteger, MqttPropertyContext.ConnAck),
            MqttPropertyId.AuthenticationMethod => (MqttPropertyType.Utf8String, MqttPropertyContext.Connect | MqttPropertyContext.ConnAck | MqttPropertyContext.Auth),
            MqttPropertyId.AuthenticationData => (MqttPropertyType.BinaryData, MqttPropertyContext.Connect | MqttPropertyContext.ConnAck | MqttPropertyContext.Auth),
            MqttPropertyId.RequestProblemInformation => (MqttPropertyType.Byte, MqttPropertyContext.Connect),
            MqttPropertyId.WillDelayInterval => (MqttPropertyType.FourByteInteger, MqttPropertyContext.Will),
            MqttPropertyId.RequestResponseInformation => (MqttPropertyType.Byte, MqttPropertyContext.Connect),
            MqttPropertyId.ResponseInformation => (MqttPropertyType.Utf8String, MqttPropertyContext.ConnAck),
            MqttPropertyId.ServerReference => (MqttPropertyType.Utf8String, MqttPropertyContext.ConnAck | MqttPropertyContext.Disconnect),
            MqttPropertyId.ReasonString => (MqttPropertyType.Utf8String,
                MqttPropertyContext.ConnAck | MqttPropertyContext.Acks | MqttPropertyContext.SubAck | MqttPropertyContext.UnsubAck
                | MqttPropertyContext.Disconnect | MqttPropertyContext.Auth),
            MqttPropertyId.ReceiveMaximum => (MqttPropertyType.TwoByteInteger, MqttPropertyContext.Connect | MqttPropertyContext.ConnAck),
            MqttPropertyId.TopicAliasMaximum => (MqttPropertyType.TwoByteInteger, MqttPropertyContext.Connect | MqttPropertyContext.ConnAck),
            MqttPropertyId.TopicAlias => (MqttPropertyType.TwoByteInteger, MqttPropertyContext.Publish),
            MqttPropertyId.MaximumQoS => (MqttPropertyType.Byte, MqttPropertyContext.ConnAck),
            MqttPropertyId.RetainAvailable => (MqttPropertyType.Byte, MqttPropertyContext.ConnAck),
            MqttPropertyId.UserProperty => (MqttPropertyType.Utf8StringPair, MqttPropertyContext.All),
            MqttPropertyId.MaximumPacketSize => (MqttPropertyType.FourByteInteger, MqttPropertyContext.Connect | MqttPropertyContext.ConnAck),
            MqttPropertyId.WildcardSubscriptionAvailable => (MqttPropertyType.Byte, MqttPropertyContext.ConnAck),
            MqttPropertyId.SubscriptionIdentifierAvailable => (MqttPropertyType.Byte, MqttPropertyContext.ConnAck),
            MqttPropertyId.SharedSubscriptionAvailable => (MqttPropertyType.Byte, MqttPropertyContext.ConnAck),
            _ => (MqttPropertyType.Byte, MqttPropertyContext.None),
        };

        return allowed != MqttPropertyContext.None;
    }

    public static MqttPropertyContext ContextOf(MqttPacketType type) => type switch
    {
        MqttPacketType.Connect => MqttPropertyContext.Connect,
        MqttPacketType.ConnAck => MqttPropertyContext.ConnAck,
        MqttPacketType.Publish => MqttPropertyContext.Publish,
        MqttPacketType.PubAck => MqttPropertyContext.PubAck,
        MqttPacketType.PubRec => MqttPropertyContext.PubRec,
        MqttPacketType.PubRel => MqttPropertyContext.PubRel,
        MqttPacketType.PubComp => MqttPropertyContext.PubComp,
        MqttPacketType.Subscribe => MqttPropertyContext.Subscribe,
        MqttPacketType.SubAck => MqttPropertyContext.SubAck,
        MqttPacketType.Unsubscribe => MqttPropertyContext.Unsubscribe,
        MqttPacketType.UnsubAck => MqttPropertyContext.UnsubAck,
        MqttPacketType.Disconnect => MqttPropertyContext.Disconnect,
        MqttPacketType.Auth => MqttPropertyContext.Auth,
        _ => MqttPropertyContext.None,
    };
}
