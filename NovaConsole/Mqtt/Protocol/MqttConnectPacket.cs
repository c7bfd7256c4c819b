using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// CONNECT (MQTT 3.1.1 §3.1; MQTT 3.1 with protocol name "MQIsdp"; MQTT 5.0 §3.1 with properties). The first packet on a connection,
/// so <see cref="Read"/> learns the protocol version from it instead of taking one.
/// Reading is in MqttConnectPacket.Read.cs.
/// </summary>
internal sealed partial class MqttConnectPacket
{
    // MQTT 3.1.1 §3.1.2.3 connect flags.
    private const byte UserNameFlag = 0x80;
    private const byte PasswordFlag = 0x40;
    private const byte WillRetainFlag = 0x20;
    private const byte WillQoSMask = 0x18;
    private const byte WillFlag = 0x04;
    private const byte CleanSessionFlag = 0x02;
    private const byte ReservedFlag = 0x01;

    private static ReadOnlySpan<byte> Name311 => "MQTT"u8;

    private static ReadOnlySpan<byte> Name31 => "MQIsdp"u8;

    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V311;

    /// <summary>May be empty in 3.1.1; whether that is acceptable (§3.1.3-7/8) is the broker's CONNACK decision.</summary>
    public string ClientId { get; init; } = string.Empty;

    public bool CleanSession { get; init; } = true;

    public ushort KeepAliveSeconds { get; init; }

    public MqttWill? Will { get; init; }

    public string? UserName { get; init; }

    /// <summary>Binary data in 3.1.1 (§3.1.3.5); copied out of the buffer.</summary>
    public ReadOnlyMemory<byte>? Password { get; init; }

    /// <summary>MQTT 5.0 §3.1.2.11 CONNECT properties; null in 3.1.x or when there are none.</summary>
    public MqttProperties? Properties { get; init; }

    public void WriteTo(IBufferWriter<byte> writer)
    {
        if (ProtocolVersion is not (MqttProtocolVersion.V311 or MqttProtocolVersion.V310 or MqttProtocolVersion.V500))
        {
            throw new NotSupportedException($"Writing CONNECT for {ProtocolVersion} is not supported.");
        }

        var v5 = ProtocolVersion == MqttProtocolVersion.V500;
        if (Password is not null && UserName is null && ProtocolVersion == MqttProtocolVersion.V311)
        {
            // MQTT 3.1.1 §3.1.2.9 [MQTT-3.1.2-22]
            throw new InvalidOperationException("MQTT 3.1.1 does not allow a password without a user name.");
        }

        var name = ProtocolVersion == MqttProtocolVersion.V310 ? Name31 : Name311;
        var remainingLength = 2 + name.Length + 1 + 1 + 2 + MqttSpanWriter.SizeOfString(ClientId, nameof(ClientId))
            + (v5 ? MqttPropertiesWriter.SizeOf(Properties) : 0);
        var flags = CleanSession ? CleanSessionFlag : (byte)0;
        if (Will is { } will)
        {
            if (!MqttTopic.IsValidName(will.Topic) || (uint)will.QualityOfService > 2)
            {
                throw new InvalidOperationException("The will needs a topic name without wildcards and a QoS of 0-2.");
            }

            remainingLength += MqttSpanWriter.SizeOfString(will.Topic, nameof(Will))
                + MqttSpanWriter.SizeOfLengthPrefixed(will.Payload.Length, nameof(Will))
                + (v5 ? MqttPropertiesWriter.SizeOf(will.Properties) : 0);
            flags |= (byte)(WillFlag | ((int)will.QualityOfService << 3) | (will.Retain ? WillRetainFlag : 0));
        }

        if (UserName is not null)
        {
            remainingLength += MqttSpanWriter.SizeOfString(UserName, nameof(UserName));
            flags |= UserNameFlag;
        }

        if (Password is { } password)
        {
            remainingLength += MqttSpanWriter.SizeOfLengthPrefixed(password.Length, nameof(Password));
            flags |= PasswordFlag;
        }

        var size = MqttSpanWriter.SizeOfFixedHeader(remainingLength) + remainingLength;
        var w = new MqttSpanWriter(writer.GetSpan(size));
        w.WriteFixedHeader(MqttPacketType.Connect, 0, remainingLength);
        w.WriteLengthPrefixed(name);
        w.WriteByte((byte)ProtocolVersion);
        w.WriteByte(flags);
        w.WriteUInt16(KeepAliveSeconds);
        if (v5)
        {
            MqttPropertiesWriter.Write(ref w, Properties);
        }

        // MQTT 3.1.1 §3.1.3: client id, will topic, will message, user name, password, in that order.
        w.WriteString(ClientId);
        if (Will is not null)
        {
            if (v5)
            {
                MqttPropertiesWriter.Write(ref w, Will.Properties);
            }

            w.WriteString(Will.Topic);
            w.WriteLengthPrefixed(Will.Payload.Span);
        }

        if (UserName is not null)
        {
            w.WriteString(UserName);
        }

        if (Password is { } pw)
        {
            w.WriteLengthPrefixed(pw.Span);
        }

        writer.Advance(w.Written);
    }
}
