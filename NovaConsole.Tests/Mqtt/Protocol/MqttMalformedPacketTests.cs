using System.Buffers;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Protocol;

public sealed class MqttMalformedPacketTests
{
    public static TheoryData<string, string> Corpus()
    {
        var data = new TheoryData<string, string>();
        foreach (var entry in MqttMalformedPacketCorpus.All)
        {
            data.Add(entry.Why, entry.Hex);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Malformed_packet_is_refused_with_its_reason(string why, string hex)
    {
        var entry = MqttMalformedPacketCorpus.All.Single(e => e.Why == why && e.Hex == hex);

        var error = Assert.Throws<MqttProtocolException>(() => Read(new ReadOnlySequence<byte>(Hex.Parse(hex)), entry.Level));

        Assert.Equal(entry.Reason, error.Reason);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Malformed_packet_is_refused_the_same_way_from_one_segment_per_byte(string why, string hex)
    {
        var entry = MqttMalformedPacketCorpus.All.Single(e => e.Why == why && e.Hex == hex);

        var error = Assert.Throws<MqttProtocolException>(() => Read(TestSequence.OneSegmentPerByte(Hex.Parse(hex)), entry.Level));

        Assert.Equal(entry.Reason, error.Reason);
    }

    [Fact]
    public void Corpus_entries_are_unique()
    {
        Assert.Equal(MqttMalformedPacketCorpus.All.Count, MqttMalformedPacketCorpus.All.Select(e => e.Hex + e.Level).Distinct().Count());
    }

    [Fact]
    public void Unknown_protocol_level_is_distinguishable_so_the_broker_can_answer_connack_0x01()
    {
        var bytes = Hex.Parse("10 0c 00 04 4d 51 54 54 06 02 00 3c 00 00");

        var error = Assert.Throws<MqttProtocolException>(() => Read(new ReadOnlySequence<byte>(bytes), 4));

        Assert.Equal(MqttProtocolErrorReason.UnsupportedProtocolVersion, error.Reason);
        Assert.Equal("20 02 00 01".Replace(" ", ""), Hex.Format(MqttCodec.Write(w =>
            MqttPacketWriter.WriteConnAck(w, false, MqttConnectReturnCode.UnacceptableProtocolVersion, MqttProtocolVersion.V311))));
    }

    [Fact]
    public void Mqtt31_tolerates_what_31_clients_send_and_311_refuses()
    {
        // 3.1 used the fixed header bits as DUP/QoS on every packet, and some 3.1 clients set the password flag
        // without sending a password (mosquitto accepts both for 3.1).
        var dupAtQoS0 = Hex.Parse("38 07 00 03 61 2f 62 68 69");
        var passwordFlagWithoutPassword = Hex.Parse("10 13 00 06 4d 51 49 73 64 70 03 c2 00 3c 00 01 63 00 02 75 31");

        var publish = (MqttPublishPacket)MqttCodec.ReadSingle(new ReadOnlySequence<byte>(dupAtQoS0), MqttProtocolVersion.V310);
        var connect = (MqttConnectPacket)MqttCodec.ReadSingle(new ReadOnlySequence<byte>(passwordFlagWithoutPassword), MqttProtocolVersion.V310);

        Assert.True(publish.Dup);
        Assert.Equal("u1", connect.UserName);
        Assert.Null(connect.Password);
        Assert.Throws<MqttProtocolException>(() => MqttCodec.ReadSingle(new ReadOnlySequence<byte>(dupAtQoS0), MqttProtocolVersion.V311));
    }

    private static void Read(ReadOnlySequence<byte> bytes, int level)
    {
        var version = (MqttProtocolVersion)level;

        // Every entry must fail while framing or decoding; "incomplete" would be a wrong entry.
        Assert.True(MqttPacketReader.TryReadFrame(bytes, version, MqttMalformedPacketCorpus.MaximumPacketSize, out var frame, out _, out _),
            "the corpus entry is incomplete rather than malformed");
        MqttCodec.Decode(frame, version);
    }
}
