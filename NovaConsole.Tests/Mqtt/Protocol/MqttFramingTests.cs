using System.Buffers;
using System.IO.Pipelines;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Protocol;

public sealed class MqttFramingTests
{
    [Theory]
    [InlineData(0, "00")]
    [InlineData(127, "7f")]
    [InlineData(128, "8001")]
    [InlineData(16_383, "ff7f")]
    [InlineData(16_384, "808001")]
    [InlineData(2_097_151, "ffff7f")]
    [InlineData(2_097_152, "80808001")]
    [InlineData(268_435_455, "ffffff7f")]
    public void Variable_byte_integer_matches_the_spec_table(int value, string hex)
    {
        // MQTT 3.1.1 §2.2.3 table 2.4 boundaries.
        Span<byte> buffer = stackalloc byte[4];
        var written = MqttVariableByteInteger.Write(buffer, value);
        var reader = new SequenceReader<byte>(TestSequence.OneSegmentPerByte(Hex.Parse(hex)));

        Assert.Equal(hex, Hex.Format(buffer[..written]));
        Assert.Equal(written, MqttVariableByteInteger.GetSize(value));
        Assert.True(MqttVariableByteInteger.TryRead(ref reader, out var read));
        Assert.Equal(value, read);
    }

    [Fact]
    public void Variable_byte_integer_beyond_the_maximum_cannot_be_written()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MqttVariableByteInteger.GetSize(268_435_456));
    }

    [Fact]
    public void Declared_length_over_the_maximum_is_refused_as_soon_as_the_header_is_read()
    {
        // Only the fixed header has arrived; a reader that buffered first would wait for 2 MB here.
        var header = new ReadOnlySequence<byte>(Hex.Parse("30 80 80 80 01"));

        var error = Assert.Throws<MqttProtocolException>(() =>
            MqttPacketReader.TryReadFrame(header, MqttProtocolVersion.V311, 65_536, out _, out _, out _));

        Assert.Equal(MqttProtocolErrorReason.PacketTooLarge, error.Reason);
    }

    [Fact]
    public void Packet_exactly_at_the_maximum_size_is_accepted()
    {
        var bytes = MqttGoldenVectors.Get("publish_qos0").Bytes;

        var complete = MqttPacketReader.TryReadFrame(new ReadOnlySequence<byte>(bytes), MqttProtocolVersion.V311, bytes.Length, out var frame, out _, out _);

        Assert.True(complete);
        Assert.Equal(MqttPacketType.Publish, frame.Type);
        Assert.Throws<MqttProtocolException>(() =>
            MqttPacketReader.TryReadFrame(new ReadOnlySequence<byte>(bytes), MqttProtocolVersion.V311, bytes.Length - 1, out _, out _, out _));
    }

    [Fact]
    public void Packets_back_to_back_in_one_buffer_are_read_one_after_another()
    {
        var names = new[] { "connect_311_mosquitto_pub_full", "subscribe_three_filters", "publish_qos0", "publish_qos1_dup_retain", "pubrel", "pingreq", "disconnect" };
        var all = names.SelectMany(n => MqttGoldenVectors.Get(n).Bytes).ToArray();
        var buffer = TestSequence.Split(all, 3, 17, 50, 51, all.Length - 2);

        var read = new List<string>();
        while (MqttPacketReader.TryReadFrame(ref buffer, MqttProtocolVersion.V311, MqttCodec.Unlimited, out var frame))
        {
            var writer = new ArrayBufferWriter<byte>();
            MqttCodec.Encode(MqttCodec.Decode(frame, MqttProtocolVersion.V311), writer, MqttProtocolVersion.V311);
            read.Add(Hex.Format(writer.WrittenSpan));
        }

        Assert.True(buffer.IsEmpty);
        Assert.Equal(names.Select(n => Hex.Format(MqttGoldenVectors.Get(n).Bytes)), read);
    }

    [Fact]
    public void Trailing_partial_packet_stays_in_the_buffer()
    {
        var bytes = MqttGoldenVectors.Get("puback").Bytes.Concat(MqttGoldenVectors.Get("publish_qos0").Bytes[..4]).ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.True(MqttPacketReader.TryReadFrame(ref buffer, MqttProtocolVersion.V311, MqttCodec.Unlimited, out var frame));
        Assert.Equal(MqttPacketType.PubAck, frame.Type);
        Assert.False(MqttPacketReader.TryReadFrame(ref buffer, MqttProtocolVersion.V311, MqttCodec.Unlimited, out _));
        Assert.Equal(4, buffer.Length);
    }

    [Fact]
    public async Task A_pipe_reader_loop_reads_packets_that_arrive_one_byte_at_a_time()
    {
        // The shape the broker's connection loop uses: AdvanceTo(consumed, examined) after each read.
        var names = new[] { "connect_311_mosquitto_pub_full", "publish_200_byte_payload", "pingreq", "disconnect" };
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var writing = Task.Run(async () =>
        {
            foreach (var b in names.SelectMany(n => MqttGoldenVectors.Get(n).Bytes))
            {
                await pipe.Writer.WriteAsync(new[] { b });
            }

            await pipe.Writer.CompleteAsync();
        });

        var types = new List<MqttPacketType>();
        while (true)
        {
            var result = await pipe.Reader.ReadAsync();
            var buffer = result.Buffer;
            SequencePosition consumed = buffer.Start, examined = buffer.End;
            while (MqttPacketReader.TryReadFrame(buffer, MqttProtocolVersion.V311, 4096, out var frame, out consumed, out examined))
            {
                MqttCodec.Decode(frame, MqttProtocolVersion.V311);
                types.Add(frame.Type);
                buffer = buffer.Slice(consumed);
            }

            pipe.Reader.AdvanceTo(consumed, examined);
            if (result.IsCompleted)
            {
                Assert.True(buffer.IsEmpty);
                break;
            }
        }

        await writing;
        Assert.Equal([MqttPacketType.Connect, MqttPacketType.Publish, MqttPacketType.PingReq, MqttPacketType.Disconnect], types);
    }

    [Fact]
    public void Large_multi_segment_payload_is_written_without_one_contiguous_copy_and_reads_back()
    {
        var payload = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        var segments = TestSequence.Split(payload, 1, 4096, 100_000, 299_999);

        var bytes = MqttCodec.Write(w => MqttPacketWriter.WritePublish(
            w, "big/one", segments, MqttQualityOfService.AtLeastOnce, retain: false, dup: false, packetIdentifier: 7, MqttProtocolVersion.V311));
        var publish = (MqttPublishPacket)MqttCodec.ReadSingle(TestSequence.Split(bytes, 2, 5, 9000), MqttProtocolVersion.V311);

        // Remaining length 300,011 = 0xeb 0xa7 0x12 (MQTT 3.1.1 §2.2.3).
        Assert.Equal("32-eb-a7-12", BitConverter.ToString(bytes, 0, 4).ToLowerInvariant());
        Assert.Equal(payload, publish.Payload.ToArray());
        Assert.Equal("big/one", publish.GetTopicString());
        Assert.Equal(7, publish.PacketIdentifier);
    }
}
