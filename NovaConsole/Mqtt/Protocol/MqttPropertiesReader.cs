using System.Buffers;

namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// Reads a property block (MQTT 5.0 §2.2.2): a variable byte integer length, then identifier and value pairs.
/// An identifier unknown or not allowed in the packet, or a value of the wrong shape, is a Malformed Packet (0x81);
/// a property given twice where only one is allowed, or a value out of its range, is a Protocol Error (0x82).
/// </summary>
internal static class MqttPropertiesReader
{
    /// <summary>Returns null for an empty block (the common case), so nothing is allocated for it.</summary>
    public static MqttProperties? Read(ref SequenceReader<byte> reader, MqttPropertyContext context)
    {
        var length = MqttBodyReader.ReadVariableByteInteger(ref reader, "property length");
        if (length == 0)
        {
            return null;
        }

        if (reader.Remaining < length)
        {
            throw MqttProtocolException.Malformed($"Property length {length} runs past the end of the packet (MQTT 5.0 §2.2.2.1).");
        }

        var block = new SequenceReader<byte>(reader.Sequence.Slice(reader.Position, length));
        reader.Advance(length);
        var properties = new MqttProperties();
        ulong seen = 0;
        while (!block.End)
        {
            var id = MqttBodyReader.ReadVariableByteInteger(ref block, "property identifier");
            if (id > byte.MaxValue || !MqttPropertyTable.TryGet((byte)id, out var type, out var allowed))
            {
                throw MqttProtocolException.Malformed($"Unknown property identifier 0x{id:X2} (MQTT 5.0 §2.2.2.2).");
            }

            if ((allowed & context) == 0)
            {
                throw MqttProtocolException.Malformed(
                    $"Property {(MqttPropertyId)id} is not allowed in {context} (MQTT 5.0 §2.2.2.2).");
            }

            var repeatable = id == (int)MqttPropertyId.UserProperty
                || (id == (int)MqttPropertyId.SubscriptionIdentifier && context == MqttPropertyContext.Publish);
            var bit = 1UL << id;
            if ((seen & bit) != 0 && !repeatable)
            {
                throw MqttProtocolException.Protocol($"Property {(MqttPropertyId)id} appears more than once (MQTT 5.0 §2.2.2.2).");
            }

            seen |= bit;
            ReadValue(ref block, (MqttPropertyId)id, type, properties);
        }

        return properties;
    }

    private static void ReadValue(ref SequenceReader<byte> r, MqttPropertyId id, MqttPropertyType type, MqttProperties p)
    {
        var field = id.ToString();
        switch (type)
        {
            case MqttPropertyType.Byte:
                var b = MqttBodyReader.ReadByte(ref r, field);
                if (b > 1)
                {
                    // §3.1.2.11.x, §3.2.2.3.x, §3.3.2.3.2: these are 0 or 1; anything else is a Protocol Error.
                    throw MqttProtocolException.Protocol($"{id} value {b} is not 0 or 1 (MQTT 5.0 §2.2.2.2).");
                }

                SetByte(p, id, b);
                break;

            case MqttPropertyType.TwoByteInteger:
                var u16 = MqttBodyReader.ReadUInt16(ref r, field);
                if (u16 == 0 && id == MqttPropertyId.ReceiveMaximum)
                {
                    // §3.1.2.11.3, §3.2.2.3.3
                    throw MqttProtocolException.Protocol("Receive Maximum 0 (MQTT 5.0 §3.1.2.11.3).");
                }

                _ = id switch
                {
                    MqttPropertyId.ServerKeepAlive => p.ServerKeepAlive = u16,
                    MqttPropertyId.ReceiveMaximum => p.ReceiveMaximum = u16,
                    MqttPropertyId.TopicAliasMaximum => p.TopicAliasMaximum = u16,
                    _ => p.TopicAlias = u16, // 0 is refused by the receiver with 0x94 (§3.3.2.3.4)
                };
                break;

            case MqttPropertyType.FourByteInteger:
                var u32 = MqttBodyReader.ReadUInt32(ref r, field);
                if (u32 == 0 && id == MqttPropertyId.MaximumPacketSize)
                {
                    // §3.1.2.11.4 [MQTT-3.1.2-24 context], §3.2.2.3.6
                    throw MqttProtocolException.Protocol("Maximum Packet Size 0 (MQTT 5.0 §3.1.2.11.4).");
                }

                _ = id switch
                {
                    MqttPropertyId.MessageExpiryInterval => p.MessageExpiryInterval = u32,
                    MqttPropertyId.SessionExpiryInterval => p.SessionExpiryInterval = u32,
                    MqttPropertyId.WillDelayInterval => p.WillDelayInterval = u32,
                    _ => p.MaximumPacketSize = u32,
                };
                break;

            case MqttPropertyType.VariableByteInteger:
                var vbi = MqttBodyReader.ReadVariableByteInteger(ref r, field);
                if (vbi == 0)
                {
                    // §3.8.2.1.2: a Subscription Identifier of 0 is a Protocol Error.
                    throw MqttProtocolException.Protocol("Subscription Identifier 0 (MQTT 5.0 §3.8.2.1.2).");
                }

                (p.SubscriptionIdentifiers ??= []).Add(vbi);
                break;

            case MqttPropertyType.BinaryData:
                var data = MqttBodyReader.ReadLengthPrefixed(ref r, field).ToArray();
                if (id == MqttPropertyId.CorrelationData)
                {
                    p.CorrelationData = data;
                }
                else
                {
                    p.AuthenticationData = data;
                }

                break;

            case MqttPropertyType.Utf8StringPair:
                var name = MqttBodyReader.ReadString(ref r, "user property name");
                var value = MqttBodyReader.ReadString(ref r, "user property value");
                (p.UserProperties ??= []).Add(new MqttUserProperty(name, value));
                break;

            default:
                if (id == MqttPropertyId.ResponseTopic)
                {
                    // §3.3.2.3.5 [MQTT-3.3.2-13], [MQTT-3.3.2-14]: a topic name, so no wildcards.
                    var topic = MqttBodyReader.ReadLengthPrefixed(ref r, field);
                    MqttUtf8.ValidateTopicName(topic, field);
                    p.ResponseTopic = MqttUtf8.Decode(topic);
                    break;
                }

                SetString(p, id, MqttBodyReader.ReadString(ref r, field));
                break;
        }
    }

    private static void SetByte(MqttProperties p, MqttPropertyId id, byte value)
    {
        switch (id)
        {
            case MqttPropertyId.PayloadFormatIndicator: p.PayloadFormatIndicator = value; break;
            case MqttPropertyId.RequestProblemInformation: p.RequestProblemInformation = value; break;
            case MqttPropertyId.RequestResponseInformation: p.RequestResponseInformation = value; break;
            case MqttPropertyId.MaximumQoS: p.MaximumQoS = value; break;
            case MqttPropertyId.RetainAvailable: p.RetainAvailable = value; break;
            case MqttPropertyId.WildcardSubscriptionAvailable: p.WildcardSubscriptionAvailable = value; break;
            case MqttPropertyId.SubscriptionIdentifierAvailable: p.SubscriptionIdentifierAvailable = value; break;
            default: p.SharedSubscriptionAvailable = value; break;
        }
    }

    private static void SetString(MqttProperties p, MqttPropertyId id, string value)
    {
        switch (id)
        {
            case MqttPropertyId.ContentType: p.ContentType = value; break;
            case MqttPropertyId.AssignedClientIdentifier: p.AssignedClientIdentifier = value; break;
            case MqttPropertyId.AuthenticationMethod: p.AuthenticationMethod = value; break;
            case MqttPropertyId.ResponseInformation: p.ResponseInformation = value; break;
            case MqttPropertyId.ServerReference: p.ServerReference = value; break;
            default: p.ReasonString = value; break;
        }
    }
}
