using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Broker.Infrastructure;

/// <summary>A packet the broker sent, decoded and copied so the test can keep it.</summary>
internal sealed record Received(
    MqttPacketType Type,
    ushort PacketId = 0,
    string? Topic = null,
    byte[]? Payload = null,
    MqttQualityOfService Qos = MqttQualityOfService.AtMostOnce,
    bool Retain = false,
    bool Dup = false,
    bool SessionPresent = false,
    MqttConnectReturnCode ReturnCode = MqttConnectReturnCode.Accepted,
    IReadOnlyList<MqttSubscribeReturnCode>? SubAckCodes = null,
    MqttReasonCode Reason = MqttReasonCode.Success,
    MqttProperties? Properties = null,
    IReadOnlyList<MqttReasonCode>? ReasonCodes = null)
{
    public string PayloadText => Encoding.UTF8.GetString(Payload ?? []);

    public override string ToString() => Type == MqttPacketType.Publish
        ? $"PUBLISH {Topic} '{PayloadText}' qos{(int)Qos} id{PacketId}{(Retain ? " retain" : "")}{(Dup ? " dup" : "")}"
        : $"{Type} id{PacketId} {ReturnCode} {Reason}";
}

/// <summary>
/// An MQTT client made of the codec's writers and readers over in-memory pipes: it sends raw packets and reads
/// the broker's answers one by one, so tests can check exact packet sequences.
/// </summary>
internal sealed class TestClient(PipeWriter toBroker, PipeReader fromBroker, Task brokerTask, MqttProtocolVersion version) : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private bool _writerCompleted;

    /// <summary>The broker's RunConnectionAsync for this connection.</summary>
    public Task BrokerTask { get; } = brokerTask;

    public async Task<Received> ConnectAsync(MqttConnectPacket connect)
    {
        await SendAsync(connect.WriteTo);
        var ack = await ReceiveAsync();
        Assert.Equal(MqttPacketType.ConnAck, ack.Type);
        return ack;
    }

    public async Task SendAsync(Action<IBufferWriter<byte>> write)
    {
        write(toBroker);
        await toBroker.FlushAsync();
    }

    public Task SendRawAsync(params byte[] bytes) => SendAsync(w => w.Write(bytes));

    public Task PublishAsync(string topic, string payload, MqttQualityOfService qos = MqttQualityOfService.AtMostOnce, ushort id = 0, bool retain = false, bool dup = false) =>
        SendAsync(w => MqttPacketWriter.WritePublish(w, topic, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), qos, retain, dup, id, version));

    public Task SendAckAsync(MqttPacketType type, ushort id) => SendAsync(w => MqttPacketIdentifierCodec.Write(w, type, id));

    public async Task<IReadOnlyList<MqttSubscribeReturnCode>> SubscribeAsync(ushort id, params (string Filter, MqttQualityOfService Qos)[] filters)
    {
        var packet = new MqttSubscribePacket(id, filters.Select(f => new MqttTopicSubscription(f.Filter, f.Qos)).ToList());
        await SendAsync(w => packet.WriteTo(w, version));
        var ack = await ExpectAsync(MqttPacketType.SubAck);
        Assert.Equal(id, ack.PacketId);
        return ack.SubAckCodes!;
    }

    public Task<IReadOnlyList<MqttSubscribeReturnCode>> SubscribeAsync(string filter, MqttQualityOfService qos = MqttQualityOfService.AtMostOnce) =>
        SubscribeAsync(1, (filter, qos));

    /// <summary>PINGREQ, then expects PINGRESP as the very next packet: proves nothing else was sent before it.</summary>
    public async Task PingBarrierAsync()
    {
        await SendAsync(MqttPacketWriter.WritePingReq);
        await ExpectAsync(MqttPacketType.PingResp);
    }

    public async Task DisconnectAsync()
    {
        await SendAsync(w => MqttPacketWriter.WriteDisconnect(w, version));
        await CompleteWriterAsync();
    }

    /// <summary>Drops the connection without DISCONNECT (like a pulled cable from the broker's point of view).</summary>
    public Task DropAsync() => CompleteWriterAsync();

    public async Task<Received> ExpectAsync(MqttPacketType type)
    {
        var packet = await ReceiveAsync();
        Assert.True(packet.Type == type, $"Expected {type}, got {packet}");
        return packet;
    }

    public async Task<Received> ExpectPublishAsync(string topic, string payload, MqttQualityOfService qos, bool retain = false, bool dup = false)
    {
        var packet = await ExpectAsync(MqttPacketType.Publish);
        Assert.Equal((topic, payload, qos, retain, dup), (packet.Topic, packet.PayloadText, packet.Qos, packet.Retain, packet.Dup));
        return packet;
    }

    /// <summary>Next packet; throws if the broker closed the connection first or nothing came within <see cref="Timeout"/>.</summary>
    public async Task<Received> ReceiveAsync() =>
        await TryReceiveAsync() ?? throw new InvalidOperationException("The broker closed the connection.");

    /// <summary>Expects the broker to close the connection (after any packets it still had to send: they are returned).</summary>
    public async Task<IReadOnlyList<Received>> ExpectClosedAsync()
    {
        var trailing = new List<Received>();
        while (await TryReceiveAsync() is { } packet)
        {
            trailing.Add(packet);
        }

        await BrokerTask.WaitAsync(Timeout);
        return trailing;
    }

    private async Task<Received?> TryReceiveAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var result = await fromBroker.ReadAsync(cts.Token);
            var buffer = result.Buffer;
            if (MqttPacketReader.TryReadFrame(buffer, version, MqttPacketReader.UnlimitedPacketSize, out var frame, out var consumed, out var examined))
            {
                var packet = Decode(frame);
                fromBroker.AdvanceTo(consumed, examined);
                return packet;
            }

            fromBroker.AdvanceTo(consumed, examined);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    private Received Decode(in MqttFrame frame)
    {
        switch (frame.Type)
        {
            case MqttPacketType.ConnAck:
                var connAck = MqttConnAckPacket.Read(frame, version);
                return new Received(frame.Type, SessionPresent: connAck.SessionPresent, ReturnCode: connAck.ReturnCode,
                    Reason: connAck.ReasonCode ?? MqttReasonCode.Success, Properties: connAck.Properties);
            case MqttPacketType.Publish:
                var p = MqttPublishPacket.Read(frame, version);
                return new Received(frame.Type, p.PacketIdentifier, p.GetTopicString(), p.Payload.ToArray(), p.QualityOfService, p.Retain, p.Dup,
                    Properties: p.Properties);
            case MqttPacketType.Disconnect:
                var disconnect = MqttDisconnectPacket.Read(frame, version);
                return new Received(frame.Type, Reason: disconnect.ReasonCode, Properties: disconnect.Properties);
            case MqttPacketType.UnsubAck when version == MqttProtocolVersion.V500:
                var unsubAck = MqttUnsubAckPacket.Read(frame, version);
                return new Received(frame.Type, unsubAck.PacketIdentifier, ReasonCodes: unsubAck.ReasonCodes);
            case MqttPacketType.SubAck:
                var subAck = MqttSubAckPacket.Read(frame, version);
                return new Received(frame.Type, subAck.PacketIdentifier, SubAckCodes: subAck.ReturnCodes);
            case MqttPacketType.PingResp:
                return new Received(frame.Type);
            default:
                var id = MqttPacketIdentifierCodec.Read(frame, frame.Type, version, out var reason, out var properties);
                return new Received(frame.Type, id, Reason: reason, Properties: properties);
        }
    }

    private async Task CompleteWriterAsync()
    {
        if (!_writerCompleted)
        {
            _writerCompleted = true;
            await toBroker.CompleteAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CompleteWriterAsync();
        await BrokerTask.WaitAsync(Timeout);
        await fromBroker.CompleteAsync();
    }
}
