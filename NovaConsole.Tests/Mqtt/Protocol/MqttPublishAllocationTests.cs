using System.Buffers;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Protocol;

public sealed class MqttPublishAllocationTests
{
    private const int Iterations = 10_000;

    [Fact]
    public void Qos0_publish_read_and_write_allocate_nothing_per_message()
    {
        var topic = "devices/dev-42/telemetry"u8.ToArray();
        var payload = new ReadOnlySequence<byte>(new byte[64]);
        var output = new ArrayBufferWriter<byte>(4096);
        var incoming = MqttCodec.Write(w => MqttPacketWriter.WritePublish(
            w, topic, payload, MqttQualityOfService.AtMostOnce, false, false, 0, MqttProtocolVersion.V311));

        // The topic split across segments takes the pooled validation path; build the sequences once.
        var singleSegment = new ReadOnlySequence<byte>(incoming);
        var multiSegment = TestSequence.Split(incoming, 7, 20);

        long total = 0;
        for (var i = 0; i < 1_000; i++)
        {
            total += RoundTrip(singleSegment, output) + RoundTrip(multiSegment, output);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            total += RoundTrip(singleSegment, output) + RoundTrip(multiSegment, output);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(2L * 11_000 * 64, total);
    }

    // Read one QoS 0 PUBLISH and forward it the way the broker does: topic and payload slices straight into the writer,
    // then once more with a string topic (the device adapters publish commands by name).
    private static long RoundTrip(in ReadOnlySequence<byte> input, ArrayBufferWriter<byte> output)
    {
        output.ResetWrittenCount();
        if (!MqttPacketReader.TryReadFrame(input, MqttProtocolVersion.V311, 65_536, out var frame, out _, out _))
        {
            throw new InvalidOperationException("incomplete");
        }

        var publish = MqttPublishPacket.Read(frame, MqttProtocolVersion.V311);
        MqttPacketWriter.WritePublish(
            output, publish.Topic, publish.Payload, publish.QualityOfService, publish.Retain, publish.Dup, publish.PacketIdentifier, MqttProtocolVersion.V311);
        MqttPacketWriter.WritePublish(
            output, "devices/dev-42/command", publish.Payload, MqttQualityOfService.AtMostOnce, false, false, 0, MqttProtocolVersion.V311);
        return publish.Payload.Length;
    }
}
