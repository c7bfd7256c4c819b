namespace NovaConsole.Mqtt.Protocol;

/// <summary>
/// Writes a property block (MQTT 5.0 §2.2.2) in ascending identifier order. Size first with <see cref="SizeOf"/>
/// (the block including its length prefix), then <see cref="Write"/> into the span sized from it.
/// </summary>
internal static class MqttPropertiesWriter
{
    /// <summary>Bytes of the block, length prefix included; 1 for no properties.</summary>
    public static int SizeOf(MqttProperties? properties)
    {
        var body = BodySize(properties);
        return MqttVariableByteInteger.GetSize(body) + body;
    }

    public static int BodySize(MqttProperties? properties)
    {
        if (properties is null)
        {
            return 0;
        }

        var w = default(MqttSpanWriter);
        return Emit(properties, ref w, write: false);
    }

    public static void Write(ref MqttSpanWriter w, MqttProperties? properties)
    {
        var body = BodySize(properties);
        w.WriteVariableByteInteger(body);
        if (properties is not null)
        {
            Emit(properties, ref w, write: true);
        }
    }

    // One walk for sizing and writing, so the two can never disagree.
    private static int Emit(MqttProperties p, ref MqttSpanWriter w, bool write)
    {
        var size = 0;
        size += Byte(ref w, write, MqttPropertyId.PayloadFormatIndicator, p.PayloadFormatIndicator);
        size += UInt32(ref w, write, MqttPropertyId.MessageExpiryInterval, p.MessageExpiryInterval);
        size += String(ref w, write, MqttPropertyId.ContentType, p.ContentType);
        size += String(ref w, write, MqttPropertyId.ResponseTopic, p.ResponseTopic);
        size += Binary(ref w, write, MqttPropertyId.CorrelationData, p.CorrelationData);
        foreach (var id in p.SubscriptionIdentifiers ?? [])
        {
            size += 1 + MqttVariableByteInteger.GetSize(id);
            if (write)
            {
                w.WriteByte((byte)MqttPropertyId.SubscriptionIdentifier);
                w.WriteVariableByteInteger(id);
            }
        }

        size += UInt32(ref w, write, MqttPropertyId.SessionExpiryInterval, p.SessionExpiryInterval);
        size += String(ref w, write, MqttPropertyId.AssignedClientIdentifier, p.AssignedClientIdentifier);
        size += UInt16(ref w, write, MqttPropertyId.ServerKeepAlive, p.ServerKeepAlive);
        size += String(ref w, write, MqttPropertyId.AuthenticationMethod, p.AuthenticationMethod);
        size += Binary(ref w, write, MqttPropertyId.AuthenticationData, p.AuthenticationData);
        size += Byte(ref w, write, MqttPropertyId.RequestProblemInformation, p.RequestProblemInformation);
        size += UInt32(ref w, write, MqttPropertyId.WillDelayInterval, p.WillDelayInterval);
        size += Byte(ref w, write, MqttPropertyId.RequestResponseInformation, p.RequestResponseInformation);
        size += String(ref w, write, MqttPropertyId.ResponseInformation, p.ResponseInformation);
        size += String(ref w, write, MqttPropertyId.ServerReference, p.ServerReference);
        size += String(ref w, write, MqttPropertyId.ReasonString, p.ReasonString);
        size += UInt16(ref w, write, MqttPropertyId.ReceiveMaximum, p.ReceiveMaximum);
        size += UInt16(ref w, write, MqttPropertyId.TopicAliasMaximum, p.TopicAliasMaximum);
        size += UInt16(ref w, write, MqttPropertyId.TopicAlias, p.TopicAlias);
        size += Byte(ref w, write, MqttPropertyId.MaximumQoS, p.MaximumQoS);
        size += Byte(ref w, write, MqttPropertyId.RetainAvailable, p.RetainAvailable);
        foreach (var user in p.UserProperties ?? [])
        {
            size += 1 + MqttSpanWriter.SizeOfString(user.Name, "user property") + MqttSpanWriter.SizeOfString(user.Value, "user property");
            if (write)
            {
                w.WriteByte((byte)MqttPropertyId.UserProperty);
                w.WriteString(user.Name);
                w.WriteString(user.Value);
            }
        }

        size += UInt32(ref w, write, MqttPropertyId.MaximumPacketSize, p.MaximumPacketSize);
        size += Byte(ref w, write, MqttPropertyId.WildcardSubscriptionAvailable, p.WildcardSubscriptionAvailable);
        size += Byte(ref w, write, MqttPropertyId.SubscriptionIdentifierAvailable, p.SubscriptionIdentifierAvailable);
        size += Byte(ref w, write, MqttPropertyId.SharedSubscriptionAvailable, p.SharedSubscriptionAvailable);
        return size;
    }

    private static int Byte(ref MqttSpanWriter w, bool write, MqttPropertyId id, byte? value)
    {
        if (value is not { } v)
        {
            return 0;
        }

        if (write)
        {
            w.WriteByte((byte)id);
            w.WriteByte(v);
        }

        return 2;
    }

    private static int UInt16(ref MqttSpanWriter w, bool write, MqttPropertyId id, ushort? value)
    {
        if (value is not { } v)
        {
            return 0;
        }

        if (write)
        {
            w.WriteByte((byte)id);
            w.WriteUInt16(v);
        }

        return 3;
    }

    private static int UInt32(ref MqttSpanWriter w, bool write, MqttPropertyId id, uint? value)
    {
        if (value is not { } v)
        {
            return 0;
        }

        if (write)
        {
            w.WriteByte((byte)id);
            w.WriteUInt32(v);
        }

        return 5;
    }

    private static int String(ref MqttSpanWriter w, bool write, MqttPropertyId id, string? value)
    {
        if (value is null)
        {
            return 0;
        }

        if (write)
        {
            w.WriteByte((byte)id);
            w.WriteString(value);
        }

        return 1 + MqttSpanWriter.SizeOfString(value, id.ToString());
    }

    private static int Binary(ref MqttSpanWriter w, bool write, MqttPropertyId id, ReadOnlyMemory<byte>? value)
    {
        if (value is not { } v)
        {
            return 0;
        }

        if (write)
        {
            w.WriteByte((byte)id);
            w.WriteLengthPrefixed(v.Span);
        }

        return 1 + MqttSpanWriter.SizeOfLengthPrefixed(v.Length, id.ToString());
    }
}
