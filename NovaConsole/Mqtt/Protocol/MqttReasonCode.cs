namespace NovaConsole.Mqtt.Protocol;

/// <summary>MQTT 5.0 §2.4 reason codes (one byte; values below 0x80 succeed, 0x80 and above fail).</summary>
internal enum MqttReasonCode : byte
{
    Success = 0x00,
    GrantedQoS1 = 0x01,
    GrantedQoS2 = 0x02,
    DisconnectWithWillMessage = 0x04,
    NoMatchingSubscribers = 0x10,
    NoSubscriptionExisted = 0x11,
    ContinueAuthentication = 0x18,
    ReAuthenticate = 0x19,
    UnspecifiedError = 0x80,
    MalformedPacket = 0x81,
    ProtocolError = 0x82,
    ImplementationSpecificError = 0x83,
    UnsupportedProtocolVersion = 0x84,
    ClientIdentifierNotValid = 0x85,
    BadUserNameOrPassword = 0x86,
    NotAuthorized = 0x87,
    ServerUnavailable = 0x88,
    ServerBusy = 0x89,
    Banned = 0x8A,
    ServerShuttingDown = 0x8B,
    BadAuthenticationMethod = 0x8C,
    KeepAliveTimeout = 0x8D,
    SessionTakenOver = 0x8E,
    TopicFilterInvalid = 0x8F,
    TopicNameInvalid = 0x90,
    PacketIdentifierInUse = 0x91,
    PacketIdentifierNotFound = 0x92,
    ReceiveMaximumExceeded = 0x93,
    TopicAliasInvalid = 0x94,
    PacketTooLarge = 0x95,
    MessageRateTooHigh = 0x96,
    QuotaExceeded = 0x97,
    AdministrativeAction = 0x98,
    PayloadFormatInvalid = 0x99,
    RetainNotSupported = 0x9A,
    QoSNotSupported = 0x9B,
    UseAnotherServer = 0x9C,
    ServerMoved = 0x9D,
    SharedSubscriptionsNotSupported = 0x9E,
    ConnectionRateExceeded = 0x9F,
    MaximumConnectTime = 0xA0,
    SubscriptionIdentifiersNotSupported = 0xA1,
    WildcardSubscriptionsNotSupported = 0xA2,
}

internal static class MqttReasonCodes
{
    /// <summary>MQTT 5.0 §3.2.2.2: the 3.1.1 CONNACK return codes as v5 reason codes.</summary>
    public static MqttReasonCode FromConnectReturnCode(MqttConnectReturnCode code) => code switch
    {
        MqttConnectReturnCode.Accepted => MqttReasonCode.Success,
        MqttConnectReturnCode.UnacceptableProtocolVersion => MqttReasonCode.UnsupportedProtocolVersion,
        MqttConnectReturnCode.IdentifierRejected => MqttReasonCode.ClientIdentifierNotValid,
        MqttConnectReturnCode.ServerUnavailable => MqttReasonCode.ServerUnavailable,
        MqttConnectReturnCode.BadUserNameOrPassword => MqttReasonCode.BadUserNameOrPassword,
        _ => MqttReasonCode.NotAuthorized,
    };

    /// <summary>The reason code a v5 peer is told for a codec failure (MQTT 5.0 §4.13).</summary>
    public static MqttReasonCode FromError(MqttProtocolErrorReason reason) => reason switch
    {
        MqttProtocolErrorReason.MalformedPacket => MqttReasonCode.MalformedPacket,
        MqttProtocolErrorReason.PacketTooLarge => MqttReasonCode.PacketTooLarge,
        MqttProtocolErrorReason.UnsupportedProtocolVersion => MqttReasonCode.UnsupportedProtocolVersion,
        _ => MqttReasonCode.ProtocolError,
    };
}
