using System.Buffers;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Protocol;

public sealed class MqttGoldenVectorTests
{
    public static TheoryData<string> Vectors => MqttGoldenVectors.Names();

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Golden_vector_decodes_and_encodes_to_the_same_bytes(string name)
    {
        var vector = MqttGoldenVectors.Get(name);

        var written = MqttCodec.Reencode(new ReadOnlySequence<byte>(vector.Bytes), vector.Version);

        Assert.Equal(Hex.Format(vector.Bytes), Hex.Format(written));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Golden_vector_reads_the_same_when_split_at_every_byte_position(string name)
    {
        var vector = MqttGoldenVectors.Get(name);

        for (var cut = 0; cut <= vector.Bytes.Length; cut++)
        {
            var sequence = TestSequence.Split(vector.Bytes, cut);
            Assert.Equal(Hex.Format(vector.Bytes), Hex.Format(MqttCodec.Reencode(sequence, vector.Version)));
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Golden_vector_reads_the_same_from_one_segment_per_byte(string name)
    {
        var vector = MqttGoldenVectors.Get(name);

        var sequence = TestSequence.OneSegmentPerByte(vector.Bytes);

        Assert.Equal(Hex.Format(vector.Bytes), Hex.Format(MqttCodec.Reencode(sequence, vector.Version)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_incomplete_prefix_returns_false_and_consumes_nothing(string name)
    {
        var vector = MqttGoldenVectors.Get(name);

        for (var length = 0; length < vector.Bytes.Length; length++)
        {
            var prefix = vector.Bytes.AsSpan(0, length);
            foreach (var sequence in new[] { new ReadOnlySequence<byte>(prefix.ToArray()), TestSequence.OneSegmentPerByte(prefix), TestSequence.Split(prefix, length / 2) })
            {
                var complete = MqttPacketReader.TryReadFrame(
                    sequence, vector.Version, MqttCodec.Unlimited, out _, out var consumed, out var examined);

                Assert.False(complete, $"prefix of {length} bytes");
                Assert.Equal(0, sequence.GetOffset(consumed));
                Assert.Equal(sequence.Length, sequence.GetOffset(examined));
            }
        }
    }

    [Fact]
    public void Connect_from_mosquitto_pub_311_decodes_every_field()
    {
        var connect = (MqttConnectPacket)MqttCodec.ReadSingle(Sequence("connect_311_mosquitto_pub_full"), MqttProtocolVersion.V311);

        AssertMosquittoConnect(connect, MqttProtocolVersion.V311);
    }

    [Fact]
    public void Connect_from_mosquitto_pub_31_decodes_every_field_and_reports_version_31()
    {
        // The reader is given 3.1.1 (the broker's default before CONNECT); CONNECT itself tells the version.
        var connect = (MqttConnectPacket)MqttCodec.ReadSingle(Sequence("connect_31_mosquitto_pub_full"), MqttProtocolVersion.V311);

        AssertMosquittoConnect(connect, MqttProtocolVersion.V310);
    }

    [Theory]
    [InlineData(4, "connect_311_mosquitto_pub_full")]
    [InlineData(3, "connect_31_mosquitto_pub_full")]
    public void Writing_a_connect_reproduces_the_mosquitto_pub_bytes(int protocolLevel, string name)
    {
        var version = (MqttProtocolVersion)protocolLevel;
        var connect = new MqttConnectPacket
        {
            ProtocolVersion = version,
            ClientId = "client1",
            CleanSession = true,
            KeepAliveSeconds = 60,
            Will = new MqttWill("w/t", "bye"u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: true),
            UserName = "user",
            Password = "pass"u8.ToArray(),
        };

        var written = MqttCodec.Write(connect.WriteTo);

        Assert.Equal(Hex.Format(MqttGoldenVectors.Get(name).Bytes), Hex.Format(written));
    }

    [Fact]
    public void Publish_qos1_decodes_flags_identifier_topic_and_payload()
    {
        var publish = (MqttPublishPacket)MqttCodec.ReadSingle(Sequence("publish_qos1_dup_retain"), MqttProtocolVersion.V311);

        Assert.Equal(MqttQualityOfService.AtLeastOnce, publish.QualityOfService);
        Assert.True(publish.Dup);
        Assert.True(publish.Retain);
        Assert.Equal(10, publish.PacketIdentifier);
        Assert.Equal("a/b", publish.GetTopicString());
        Assert.Equal("hello"u8.ToArray(), publish.Payload.ToArray());
    }

    [Fact]
    public void Publish_topic_can_be_copied_and_decoded_into_caller_buffers()
    {
        var publish = (MqttPublishPacket)MqttCodec.ReadSingle(TestSequence.OneSegmentPerByte(MqttGoldenVectors.Get("publish_utf8_topic").Bytes), MqttProtocolVersion.V311);

        Span<byte> utf8 = stackalloc byte[publish.TopicLength];
        Span<char> chars = stackalloc char[publish.TopicLength];
        Assert.Equal(7, publish.CopyTopicTo(utf8));
        Assert.Equal("té/€"u8.ToArray(), utf8.ToArray());
        Assert.Equal("té/€", new string(chars[..publish.DecodeTopicTo(chars)]));
        Assert.Equal("té/€", publish.GetTopicString());
    }

    [Theory]
    [InlineData("publish_qos0", "a/b", "hi", 0, false, false, 0)]
    [InlineData("publish_qos1_dup_retain", "a/b", "hello", 1, true, true, 10)]
    [InlineData("publish_qos2", "a/b", "", 2, false, false, 0x1234)]
    [InlineData("publish_utf8_topic", "té/€", "!", 0, false, false, 0)]
    public void WritePublish_reproduces_the_vector_from_string_and_utf8_topics(
        string name, string topic, string payload, int qosLevel, bool retain, bool dup, int id)
    {
        var qos = (MqttQualityOfService)qosLevel;
        var expected = Hex.Format(MqttGoldenVectors.Get(name).Bytes);
        var body = new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(payload));
        var utf8Topic = System.Text.Encoding.UTF8.GetBytes(topic);

        var fromString = MqttCodec.Write(w => MqttPacketWriter.WritePublish(w, topic, body, qos, retain, dup, (ushort)id, MqttProtocolVersion.V311));
        var fromBytes = MqttCodec.Write(w => MqttPacketWriter.WritePublish(w, utf8Topic, body, qos, retain, dup, (ushort)id, MqttProtocolVersion.V311));
        var fromSlices = MqttCodec.Write(w => MqttPacketWriter.WritePublish(
            w, TestSequence.OneSegmentPerByte(utf8Topic), TestSequence.OneSegmentPerByte(body.ToArray()), qos, retain, dup, (ushort)id, MqttProtocolVersion.V311));

        Assert.Equal(expected, Hex.Format(fromString));
        Assert.Equal(expected, Hex.Format(fromBytes));
        Assert.Equal(expected, Hex.Format(fromSlices));
    }

    [Fact]
    public void Subscribe_decodes_filters_and_requested_qos_in_order()
    {
        var subscribe = (MqttSubscribePacket)MqttCodec.ReadSingle(Sequence("subscribe_three_filters"), MqttProtocolVersion.V311);

        Assert.Equal(1, subscribe.PacketIdentifier);
        Assert.Equal(
            [
                new MqttTopicSubscription("a/+", MqttQualityOfService.AtLeastOnce),
                new MqttTopicSubscription("#", MqttQualityOfService.AtMostOnce),
                new MqttTopicSubscription("$SYS/#", MqttQualityOfService.ExactlyOnce),
            ],
            subscribe.Subscriptions);
    }

    [Fact]
    public void Suback_decodes_return_codes_as_enum_values()
    {
        var suback = (MqttSubAckPacket)MqttCodec.ReadSingle(Sequence("suback_mixed"), MqttProtocolVersion.V311);

        Assert.Equal(
            [MqttSubscribeReturnCode.GrantedQoS1, MqttSubscribeReturnCode.GrantedQoS0, MqttSubscribeReturnCode.Failure],
            suback.ReturnCodes);
    }

    [Fact]
    public void Connack_decodes_session_present_and_return_code()
    {
        var present = (MqttConnAckPacket)MqttCodec.ReadSingle(Sequence("connack_session_present"), MqttProtocolVersion.V311);
        var refused = (MqttConnAckPacket)MqttCodec.ReadSingle(Sequence("connack_not_authorized"), MqttProtocolVersion.V311);

        Assert.Equal(new MqttConnAckPacket(true, MqttConnectReturnCode.Accepted), present);
        Assert.Equal(new MqttConnAckPacket(false, MqttConnectReturnCode.NotAuthorized), refused);
    }

    [Fact]
    public void Unsubscribe_decodes_filters_in_order()
    {
        var unsubscribe = (MqttUnsubscribePacket)MqttCodec.ReadSingle(Sequence("unsubscribe_two_filters"), MqttProtocolVersion.V311);

        Assert.Equal(2, unsubscribe.PacketIdentifier);
        Assert.Equal(["a/+", "#"], unsubscribe.TopicFilters);
    }

    private static ReadOnlySequence<byte> Sequence(string name) => new(MqttGoldenVectors.Get(name).Bytes);

    private static void AssertMosquittoConnect(MqttConnectPacket connect, MqttProtocolVersion version)
    {
        Assert.Equal(version, connect.ProtocolVersion);
        Assert.Equal("client1", connect.ClientId);
        Assert.True(connect.CleanSession);
        Assert.Equal(60, connect.KeepAliveSeconds);
        Assert.NotNull(connect.Will);
        Assert.Equal("w/t", connect.Will.Topic);
        Assert.Equal("bye"u8.ToArray(), connect.Will.Payload.ToArray());
        Assert.Equal(MqttQualityOfService.AtLeastOnce, connect.Will.QualityOfService);
        Assert.True(connect.Will.Retain);
        Assert.Equal("user", connect.UserName);
        Assert.Equal("pass"u8.ToArray(), connect.Password!.Value.ToArray());
    }
}
