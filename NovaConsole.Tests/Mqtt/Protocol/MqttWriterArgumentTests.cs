using System.Buffers;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Protocol;

public sealed class MqttWriterArgumentTests
{
    private static readonly ReadOnlySequence<byte> Payload = new("x"u8.ToArray());

    [Theory]
    [InlineData("a/+")]
    [InlineData("a/#")]
    [InlineData("")]
    public void Writing_a_publish_with_an_invalid_topic_name_is_refused(string topic)
    {
        var writer = new ArrayBufferWriter<byte>();

        Assert.ThrowsAny<ArgumentException>(() => MqttPacketWriter.WritePublish(
            writer, topic, Payload, MqttQualityOfService.AtMostOnce, false, false, 0, MqttProtocolVersion.V311));
        Assert.Equal(0, writer.WrittenCount);
    }

    [Theory]
    [InlineData(1, 0, false)]
    [InlineData(0, 5, false)]
    [InlineData(0, 0, true)]
    public void Writing_a_publish_with_an_inconsistent_identifier_or_dup_is_refused(int qos, int id, bool dup)
    {
        var writer = new ArrayBufferWriter<byte>();

        Assert.ThrowsAny<ArgumentException>(() => MqttPacketWriter.WritePublish(
            writer, "a/b", Payload, (MqttQualityOfService)qos, false, dup, (ushort)id, MqttProtocolVersion.V311));
    }

    [Fact]
    public void Writing_an_acknowledgement_with_identifier_0_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MqttPacketWriter.WritePubAck(new ArrayBufferWriter<byte>(), 0, MqttProtocolVersion.V311));
    }

    [Fact]
    public void Writing_a_311_connect_with_a_password_but_no_user_name_is_refused()
    {
        var connect = new MqttConnectPacket { ClientId = "c", Password = "p"u8.ToArray() };

        Assert.Throws<InvalidOperationException>(() => connect.WriteTo(new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void Refused_connack_never_claims_a_present_session()
    {
        var bytes = MqttCodec.Write(w => MqttPacketWriter.WriteConnAck(w, true, MqttConnectReturnCode.NotAuthorized, MqttProtocolVersion.V311));

        Assert.Equal("20020005", Hex.Format(bytes));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("a/b/c", true)]
    [InlineData("+", true)]
    [InlineData("#", true)]
    [InlineData("+/+/#", true)]
    [InlineData("/", true)]
    [InlineData("a//+", true)]
    [InlineData("$SYS/#", true)]
    [InlineData("", false)]
    [InlineData("a/#/b", false)]
    [InlineData("a#", false)]
    [InlineData("a/b+", false)]
    [InlineData("++", false)]
    public void Topic_filter_syntax_follows_section_4_7(string filter, bool valid)
    {
        Assert.Equal(valid, MqttTopic.IsValidFilter(filter));
    }
}
