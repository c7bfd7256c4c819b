using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using NovaConsole.Bench.Client;
using NovaConsole.Bench.Protocol;

namespace NovaConsole.Bench.Ota;

/// <summary>An inform a simulated device received: its index in the fleet, the download URL, size and sign.</summary>
internal readonly record struct OtaInform(int Device, string Url, long Size, string Sign, long ReceivedTimestamp);

/// <summary>
/// A simulated device's receive side: PUBACKs every QoS 1 PUBLISH (the inform is QoS 1) and hands the inform to the
/// download workers. Runs on the client's receive loop only.
/// </summary>
internal sealed class OtaInformHandler(int device, ChannelWriter<OtaInform> informs) : IMqttPacketHandler
{
    public int Informs;

    public int OnPacket(MqttFrame frame, ReadOnlySpan<byte> body, Span<byte> replies)
    {
        if (frame.PacketType != MqttClientDecoder.Publish) return 0;
        MqttClientDecoder.ReadPublish(frame.Header, body, out int qos, out ushort packetId, out _, out var payload);
        using (var doc = JsonDocument.Parse(payload.ToArray()))
        {
            var p = doc.RootElement.GetProperty("params");
            var size = p.GetProperty("size");
            informs.TryWrite(new OtaInform(device, p.GetProperty("url").GetString()!,
                size.ValueKind == JsonValueKind.Number ? size.GetInt64() : long.Parse(size.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                p.GetProperty("sign").GetString()!, System.Diagnostics.Stopwatch.GetTimestamp()));
        }
        Informs++;
        return qos > 0 ? MqttClientEncoder.WritePubAck(replies, packetId) : 0;
    }

    public void OnChunkParsed() { }

    /// <summary>A QoS 0 PUBLISH of a JSON payload.</summary>
    public static byte[] Publish(string topic, string json)
    {
        var topicBytes = Encoding.UTF8.GetBytes(topic);
        var payload = Encoding.UTF8.GetBytes(json);
        var packet = new byte[MqttClientEncoder.MaxPublishSize(topicBytes.Length, payload.Length)];
        int offset = MqttClientEncoder.WritePublishHeader(packet, topicBytes, 0, 0, payload.Length);
        payload.CopyTo(packet.AsSpan(offset));
        return packet[..(offset + payload.Length)];
    }
}
