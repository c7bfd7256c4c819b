namespace NovaConsole.Mqtt.Protocol;

/// <summary>Why the codec refused the input; the connection edge maps it to a close, a CONNACK or (v5) a reason code.</summary>
internal enum MqttProtocolErrorReason
{
    /// <summary>The bytes do not form a valid packet (MQTT 3.1.1 §4.8: close the connection).</summary>
    MalformedPacket,

    /// <summary>Well-formed bytes that break a protocol rule (e.g. unknown protocol name, empty SUBSCRIBE).</summary>
    ProtocolError,

    /// <summary>CONNECT with a protocol level we do not speak: answer CONNACK 0x01, then close (§3.1.2.2).</summary>
    UnsupportedProtocolVersion,

    /// <summary>The fixed header declares a packet larger than the configured maximum.</summary>
    PacketTooLarge,
}

/// <summary>Thrown by the codec on input that must not be processed further. Caught at the connection edge.</summary>
internal sealed class MqttProtocolException : Exception
{
    public MqttProtocolException(MqttProtocolErrorReason reason, string message)
        : base(message)
    {
        Reason = reason;
        ReasonCode = MqttReasonCodes.FromError(reason);
    }

    public MqttProtocolErrorReason Reason { get; }

    /// <summary>The MQTT 5 reason code a DISCONNECT carries for this failure (MQTT 5.0 §4.13).</summary>
    public MqttReasonCode ReasonCode { get; init; }

    // Factories keep throw sites one line long and keep message formatting off the hot path.
    internal static MqttProtocolException Malformed(string message) => new(MqttProtocolErrorReason.MalformedPacket, message);

    internal static MqttProtocolException Protocol(string message) => new(MqttProtocolErrorReason.ProtocolError, message);

    /// <summary>A rule of MQTT 5 with its own reason code (e.g. 0x93 receive maximum exceeded, 0x94 topic alias invalid).</summary>
    internal static MqttProtocolException Protocol(MqttReasonCode code, string message) =>
        new(MqttProtocolErrorReason.ProtocolError, message) { ReasonCode = code };
}
