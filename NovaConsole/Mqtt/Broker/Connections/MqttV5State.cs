using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Connections;

/// <summary>
/// What an MQTT 5 connection negotiates beyond 3.1.1 (MQTT 5.0 §3.1.2.11, §3.2.2.3). Created only for level 5,
/// so a 3.1.1 connection carries one null reference and nothing else.
/// </summary>
internal sealed class MqttV5State
{
    /// <summary>Topic aliases we accept from the client (§3.2.2.3.8); the CONNACK announces it.</summary>
    public const ushort TopicAliasMaximum = 16;

    /// <summary>Indexed by alias - 1: the topic (UTF-8) the client bound to it (§3.3.2.3.4).</summary>
    public byte[]?[] InboundAliases { get; } = new byte[TopicAliasMaximum][];

    /// <summary>The client's Receive Maximum (§3.1.2.11.3): our QoS 1/2 PUBLISHes in flight to it.</summary>
    public int ClientReceiveMaximum { get; init; } = ushort.MaxValue;

    /// <summary>The largest packet the client accepts (§3.1.2.11.4); larger messages are skipped for it.</summary>
    public uint ClientMaximumPacketSize { get; init; } = uint.MaxValue;

    /// <summary>Session Expiry Interval in force (§3.1.2.11.2), after our cap.</summary>
    public uint SessionExpiryInterval { get; set; }

    /// <summary>The client's DISCONNECT said 0x04: publish the will anyway (§3.14.2.1).</summary>
    public bool WillOnDisconnect { get; set; }

    /// <summary>The reason code of the server's DISCONNECT, when one was decided before the close (§3.14.2.1).</summary>
    public MqttReasonCode? DisconnectReason { get; set; }

    public string? DisconnectReasonString { get; set; }

    /// <summary>The reason code the server's DISCONNECT carries for a close (MQTT 5.0 §3.14.2.1).</summary>
    public static MqttReasonCode ReasonFor(MqttDisconnectReason reason) => reason switch
    {
        MqttDisconnectReason.Takeover => MqttReasonCode.SessionTakenOver,
        MqttDisconnectReason.KeepAliveTimeout => MqttReasonCode.KeepAliveTimeout,
        MqttDisconnectReason.ServerShutdown => MqttReasonCode.ServerShuttingDown,
        MqttDisconnectReason.ServerKick => MqttReasonCode.AdministrativeAction,
        MqttDisconnectReason.ProtocolError => MqttReasonCode.ProtocolError,
        _ => MqttReasonCode.UnspecifiedError,
    };

    public static string DescribeReason(MqttDisconnectReason reason) => reason switch
    {
        MqttDisconnectReason.Takeover => "another connection took over this client id",
        MqttDisconnectReason.KeepAliveTimeout => "nothing received within 1.5 times the keep alive",
        MqttDisconnectReason.ServerShutdown => "the server is shutting down",
        MqttDisconnectReason.ServerKick => "disconnected by the server (credentials or device changed)",
        _ => "protocol error",
    };
}
