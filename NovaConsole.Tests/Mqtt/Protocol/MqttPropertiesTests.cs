using System.Buffers;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Protocol;

/// <summary>
/// Every MQTT 5.0 property (§2.2.2.2 table 2-4) on its own: a golden encoding in a packet that allows it, the same
/// bytes refused where it is not allowed (Malformed), given twice (Protocol Error unless repeatable) and cut short.
/// </summary>
public sealed class MqttPropertiesTests
{
    // Property bytes (identifier and value), a context that allows it, one that does not.
    private static readonly (string Name, string Hex, MqttPropertyContext Allowed, MqttPropertyContext Refused)[] Cases =
    [
        ("PayloadFormatIndicator", "01 01", MqttPropertyContext.Publish, MqttPropertyContext.Connect),
        ("MessageExpiryInterval", "02 00 00 0e 10", MqttPropertyContext.Will, MqttPropertyContext.Subscribe),
        ("ContentType", "03 00 04 6a 73 6f 6e", MqttPropertyContext.Publish, MqttPropertyContext.ConnAck),
        ("ResponseTopic", "08 00 03 72 2f 31", MqttPropertyContext.Publish, MqttPropertyContext.Disconnect),
        ("CorrelationData", "09 00 02 00 ff", MqttPropertyContext.Will, MqttPropertyContext.PubAck),
        ("SubscriptionIdentifier", "0b ff ff ff 7f", MqttPropertyContext.Subscribe, MqttPropertyContext.Connect),
        ("SessionExpiryInterval", "11 ff ff ff ff", MqttPropertyContext.Connect, MqttPropertyContext.Publish),
        ("AssignedClientIdentifier", "12 00 01 61", MqttPropertyContext.ConnAck, MqttPropertyContext.Connect),
        ("ServerKeepAlive", "13 00 3c", MqttPropertyContext.ConnAck, MqttPropertyContext.Connect),
        ("AuthenticationMethod", "15 00 01 6d", MqttPropertyContext.Auth, MqttPropertyContext.Publish),
        ("AuthenticationData", "16 00 01 01", MqttPropertyContext.Connect, MqttPropertyContext.Disconnect),
        ("RequestProblemInformation", "17 00", MqttPropertyContext.Connect, MqttPropertyContext.ConnAck),
        ("WillDelayInterval", "18 00 00 00 05", MqttPropertyContext.Will, MqttPropertyContext.Connect),
        ("RequestResponseInformation", "19 01", MqttPropertyContext.Connect, MqttPropertyContext.Will),
        ("ResponseInformation", "1a 00 01 72", MqttPropertyContext.ConnAck, MqttPropertyContext.Connect),
        ("ServerReference", "1c 00 01 73", MqttPropertyContext.Disconnect, MqttPropertyContext.Publish),
        ("ReasonString", "1f 00 02 6e 6f", MqttPropertyContext.PubRel, MqttPropertyContext.Publish),
        ("ReceiveMaximum", "21 ff ff", MqttPropertyContext.Connect, MqttPropertyContext.Publish),
        ("TopicAliasMaximum", "22 00 0a", MqttPropertyContext.ConnAck, MqttPropertyContext.Will),
        ("TopicAlias", "23 00 07", MqttPropertyContext.Publish, MqttPropertyContext.Will),
        ("MaximumQoS", "24 01", MqttPropertyContext.ConnAck, MqttPropertyContext.Connect),
        ("RetainAvailable", "25 00", MqttPropertyContext.ConnAck, MqttPropertyContext.Connect),
        ("UserProperty", "26 00 01 6b 00 00", MqttPropertyContext.UnsubAck, MqttPropertyContext.None),
        ("MaximumPacketSize", "27 00 01 00 00", MqttPropertyContext.Connect, MqttPropertyContext.Publish),
        ("WildcardSubscriptionAvailable", "28 00", MqttPropertyContext.ConnAck, MqttPropertyContext.Subscribe),
        ("SubscriptionIdentifierAvailable", "29 01", MqttPropertyContext.ConnAck, MqttPropertyContext.Subscribe),
        ("SharedSubscriptionAvailable", "2a 00", MqttPropertyContext.ConnAck, MqttPropertyContext.Subscribe),
    ];

    public static TheoryData<string> Names() => [.. Cases.Select(c => c.Name)];

    [Fact]
    public void Every_property_identifier_of_the_specification_has_a_case()
    {
        Assert.Equal(Enum.GetNames<MqttPropertyId>().Order(), Cases.Select(c => c.Name).Order());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Property_reads_and_writes_back_the_same_bytes_MQTT_2_2_2_2(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        var block = Block(c.Hex);

        var properties = Read(block, c.Allowed);

        Assert.NotNull(properties);
        Assert.Equal(Hex.Format(block), Hex.Format(Write(properties)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Property_in_a_packet_that_does_not_allow_it_is_malformed_MQTT_2_2_2_2(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        if (c.Refused == MqttPropertyContext.None)
        {
            return; // User Property is allowed everywhere
        }

        var error = Assert.Throws<MqttProtocolException>(() => Read(Block(c.Hex), c.Refused));
        Assert.Equal(MqttReasonCode.MalformedPacket, error.ReasonCode);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Property_given_twice_is_a_protocol_error_unless_it_may_repeat_MQTT_2_2_2_2(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        var twice = Block(c.Hex + " " + c.Hex);

        if (name == "UserProperty")
        {
            Assert.Equal(2, Read(twice, c.Allowed)!.UserProperties!.Count);
            return;
        }

        var error = Assert.Throws<MqttProtocolException>(() => Read(twice, c.Allowed));
        Assert.Equal(MqttReasonCode.ProtocolError, error.ReasonCode);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Property_value_cut_short_is_malformed(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        var bytes = Hex.Parse(c.Hex);
        var cut = bytes.AsSpan(0, bytes.Length - 1).ToArray();
        if (name == "SubscriptionIdentifier")
        {
            cut = Hex.Parse("0b ff"); // a variable byte integer whose continuation bit promises more
        }

        var error = Assert.Throws<MqttProtocolException>(() => Read(Block(Hex.Format(cut)), c.Allowed));
        Assert.Equal(MqttReasonCode.MalformedPacket, error.ReasonCode);
    }

    [Fact]
    public void Subscription_identifier_repeats_in_publish_only_MQTT_3_3_4_4()
    {
        var properties = Read(Block("0b 01 0b 02"), MqttPropertyContext.Publish);

        Assert.Equal([1, 2], properties!.SubscriptionIdentifiers!);
    }

    [Fact]
    public void Empty_property_block_reads_as_null_so_nothing_is_allocated()
    {
        Assert.Null(Read(Hex.Parse("00"), MqttPropertyContext.Publish));
        Assert.Equal("00", Hex.Format(Write(null)));
    }

    private static byte[] Block(string hex)
    {
        var body = Hex.Parse(hex);
        var length = new byte[4];
        var size = MqttVariableByteInteger.Write(length, body.Length);
        return [.. length.AsSpan(0, size), .. body];
    }

    private static MqttProperties? Read(byte[] block, MqttPropertyContext context)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(block));
        var properties = MqttPropertiesReader.Read(ref reader, context);
        Assert.True(reader.End);
        return properties;
    }

    private static byte[] Write(MqttProperties? properties)
    {
        var buffer = new byte[MqttPropertiesWriter.SizeOf(properties)];
        var w = new MqttSpanWriter(buffer);
        MqttPropertiesWriter.Write(ref w, properties);
        Assert.Equal(buffer.Length, w.Written);
        return buffer;
    }
}
