using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

internal sealed partial class MqttConnectPacket
{
    public static MqttConnectPacket Read(in MqttFrame frame)
    {
        frame.EnsureType(MqttPacketType.Connect);
        var reader = new SequenceReader<byte>(frame.Body);

        var version = ReadProtocol(ref reader);
        var flags = MqttBodyReader.ReadByte(ref reader, "CONNECT flags");
        ValidateFlags(flags, version);
        var keepAlive = MqttBodyReader.ReadUInt16(ref reader, "CONNECT keep alive");
        var v5 = version == MqttProtocolVersion.V500;

        // MQTT 5.0 §3.1.2.11: properties follow the keep alive.
        var properties = v5 ? MqttPropertiesReader.Read(ref reader, MqttPropertyContext.Connect) : null;

        // MQTT 3.1.1 §3.1.3: the payload fields appear in this order, each only if its flag is set.
        var clientId = MqttBodyReader.ReadString(ref reader, "CONNECT client identifier");

        MqttWill? will = null;
        if ((flags & WillFlag) != 0)
        {
            // MQTT 5.0 §3.1.3.2: will properties come before the will topic.
            var willProperties = v5 ? MqttPropertiesReader.Read(ref reader, MqttPropertyContext.Will) : null;
            var topic = MqttBodyReader.ReadLengthPrefixed(ref reader, "CONNECT will topic");
            MqttUtf8.ValidateTopicName(topic, "CONNECT will topic");
            var message = MqttBodyReader.ReadLengthPrefixed(ref reader, "CONNECT will message");
            will = new MqttWill(
                MqttUtf8.Decode(topic),
                message.ToArray(),
                (MqttQualityOfService)((flags & WillQoSMask) >> 3),
                (flags & WillRetainFlag) != 0)
            {
                Properties = willProperties,
            };
        }

        string? userName = null;
        if ((flags & UserNameFlag) != 0)
        {
            userName = MqttBodyReader.ReadString(ref reader, "CONNECT user name");
        }

        // Not byte[]?: a null array would convert to an empty, non-null ReadOnlyMemory.
        ReadOnlyMemory<byte>? password = null;
        if ((flags & PasswordFlag) != 0)
        {
            // MQTT 3.1 clients are known to set the password flag and send no password; accept that there only
            // (mosquitto does the same). In 3.1.1 a missing field is a wrong remaining length.
            if (!(reader.End && version == MqttProtocolVersion.V310))
            {
                password = MqttBodyReader.ReadLengthPrefixed(ref reader, "CONNECT password").ToArray();
            }
        }

        MqttBodyReader.EnsureEnd(ref reader, MqttPacketType.Connect);
        return new MqttConnectPacket
        {
            ProtocolVersion = version,
            ClientId = clientId,
            CleanSession = (flags & CleanSessionFlag) != 0,
            KeepAliveSeconds = keepAlive,
            Will = will,
            UserName = userName,
            Password = password,
            Properties = properties,
        };
    }

    // MQTT 3.1.1 §3.1.2.1 protocol name, §3.1.2.2 protocol level.
    private static MqttProtocolVersion ReadProtocol(ref SequenceReader<byte> reader)
    {
        var name = MqttBodyReader.ReadLengthPrefixed(ref reader, "CONNECT protocol name");
        var level = MqttBodyReader.ReadByte(ref reader, "CONNECT protocol level");

        Span<byte> buffer = stackalloc byte[8];
        var known = name.Length <= buffer.Length;
        if (known)
        {
            name.CopyTo(buffer);
            var bytes = buffer[..(int)name.Length];
            if (bytes.SequenceEqual(Name311))
            {
                return level switch
                {
                    (byte)MqttProtocolVersion.V311 => MqttProtocolVersion.V311,
                    (byte)MqttProtocolVersion.V500 => MqttProtocolVersion.V500,
                    _ => throw Unsupported(level),
                };
            }

            if (bytes.SequenceEqual(Name31))
            {
                return level == (byte)MqttProtocolVersion.V310 ? MqttProtocolVersion.V310 : throw Unsupported(level);
            }
        }

        // §3.1.2.1 [MQTT-3.1.2-1]: the server MAY disconnect; it must not answer as if it were MQTT.
        throw MqttProtocolException.Protocol("CONNECT with an unknown protocol name (MQTT 3.1.1 §3.1.2.1).");
    }

    private static MqttProtocolException Unsupported(byte level) => new(
        MqttProtocolErrorReason.UnsupportedProtocolVersion,
        $"CONNECT protocol level {level} is not supported; answer CONNACK 0x01 (MQTT 3.1.1 §3.1.2.2).");

    private static void ValidateFlags(byte flags, MqttProtocolVersion version)
    {
        if ((flags & ReservedFlag) != 0)
        {
            // MQTT 3.1.1 §3.1.2.3 [MQTT-3.1.2-3]
            throw MqttProtocolException.Malformed("CONNECT reserved flag is set (MQTT 3.1.1 §3.1.2.3).");
        }

        var willQoS = (flags & WillQoSMask) >> 3;
        if ((flags & WillFlag) == 0)
        {
            if (willQoS != 0 || (flags & WillRetainFlag) != 0)
            {
                // MQTT 3.1.1 §3.1.2.6 [MQTT-3.1.2-13], §3.1.2.7 [MQTT-3.1.2-15]
                throw MqttProtocolException.Malformed("CONNECT will QoS or will retain set without the will flag (MQTT 3.1.1 §3.1.2.6-7).");
            }
        }
        else if (willQoS == 3)
        {
            // MQTT 3.1.1 §3.1.2.6 [MQTT-3.1.2-14]
            throw MqttProtocolException.Malformed("CONNECT will QoS 3 (MQTT 3.1.1 §3.1.2.6).");
        }

        // MQTT 5.0 §3.1.2.9 allows a password without a user name.
        if (version == MqttProtocolVersion.V311 && (flags & PasswordFlag) != 0 && (flags & UserNameFlag) == 0)
        {
            // MQTT 3.1.1 §3.1.2.9 [MQTT-3.1.2-22]
            throw MqttProtocolException.Malformed("CONNECT password flag without user name flag (MQTT 3.1.1 §3.1.2.9).");
        }
    }
}
