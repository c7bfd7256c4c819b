using NovaConsole.Mqtt.Broker.Diagnostics;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Connections;

internal sealed partial class MqttConnection
{
    private static readonly ValueTask<bool> Continue = ValueTask.FromResult(true);
    private static readonly ValueTask<bool> Stop = ValueTask.FromResult(false);

    // The PipeReader loop of MqttPacketReader's example. Frames are slices of the read buffer, so a packet is
    // handled completely (including awaited hooks) before the buffer is advanced past it.
    private async Task<MqttDisconnectReason> ReadLoopAsync()
    {
        var input = _transport.Input;
        var maxPacketSize = _broker.Options.MaxPacketSize;
        while (true)
        {
            var result = await input.ReadAsync().ConfigureAwait(false);
            if (result.IsCanceled || AbortReason is not null)
            {
                return AbortReason ?? MqttDisconnectReason.TransportClosed;
            }

            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.End;
            try
            {
                while (MqttPacketReader.TryReadFrame(buffer, _version, maxPacketSize, out var frame, out consumed, out examined))
                {
                    Volatile.Write(ref _lastPacketTimestamp, _broker.Time.GetTimestamp());
                    CountReceived(frame);
                    var handled = HandleFrame(frame);
                    var keepReading = handled.IsCompletedSuccessfully ? handled.Result : await handled.ConfigureAwait(false);
                    if (!keepReading)
                    {
                        return _cleanDisconnect ? MqttDisconnectReason.ClientDisconnect : AbortReason ?? MqttDisconnectReason.ProtocolError;
                    }

                    if (AbortReason is { } reason)
                    {
                        return reason;
                    }

                    buffer = buffer.Slice(consumed);
                }
            }
            finally
            {
                input.AdvanceTo(consumed, examined);
            }

            if (result.IsCompleted)
            {
                return MqttDisconnectReason.TransportClosed;
            }
        }
    }

    private void CountReceived(in MqttFrame frame)
    {
        var size = 1 + MqttVariableByteInteger.GetSize(frame.RemainingLength) + frame.RemainingLength;
        if (frame.Type == MqttPacketType.Publish)
        {
            _broker.Counters.MessageReceived(size);
        }
        else
        {
            _broker.Counters.BytesReceivedOnly(size);
        }
    }

    private ValueTask<bool> HandleFrame(in MqttFrame frame)
    {
        if (frame.Type == MqttPacketType.Connect)
        {
            // MQTT 3.1.1 §3.1 [MQTT-3.1.0-2]: a second CONNECT is a protocol violation.
            return _connect is null
                ? HandleConnectAsync(frame)
                : throw MqttProtocolException.Protocol("A second CONNECT on one connection (MQTT 3.1.1 §3.1).");
        }

        if (_session is null)
        {
            // MQTT 3.1.1 §3.1 [MQTT-3.1.0-1]: the first packet is CONNECT.
            throw MqttProtocolException.Protocol($"{frame.Type} before CONNECT (MQTT 3.1.1 §3.1).");
        }

        switch (frame.Type)
        {
            case MqttPacketType.Publish:
                return HandlePublish(frame);

            case MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubComp:
                var id = _v5 is null
                    ? MqttPacketIdentifierCodec.Read(frame, frame.Type)
                    : MqttPacketIdentifierCodec.Read(frame, frame.Type, _version, out _, out _);
                if (!_session.Acknowledge(frame.Type, id))
                {
                    MqttBrokerLog.UnknownPacketId(_logger, _session.ClientId, id, frame.Type);
                }

                return Continue;

            case MqttPacketType.PubRel:
                // MQTT 3.1.1 §4.3.3: release the identifier and always answer PUBCOMP, known or not.
                var released = MqttPubRelPacket.Read(frame, _version).PacketIdentifier;
                _session.Release(released);
                return Answer(new OutboundPacket(MqttPacketType.PubComp, released));

            case MqttPacketType.Subscribe:
                return HandleSubscribeAsync(MqttSubscribePacket.Read(frame, _version));

            case MqttPacketType.Unsubscribe:
                return HandleUnsubscribe(MqttUnsubscribePacket.Read(frame, _version));

            case MqttPacketType.PingReq:
                MqttPingReqPacket.Read(frame, _version);
                return Answer(new OutboundPacket(MqttPacketType.PingResp));

            case MqttPacketType.Disconnect:
                // MQTT 3.1.1 §3.14.4: discard the will and close.
                var disconnect = MqttDisconnectPacket.Read(frame, _version);
                if (_v5 is not null)
                {
                    ClientDisconnectV5(disconnect);
                }

                _cleanDisconnect = true;
                return _pendingAcks is null || _pendingAcks.IsIdle ? Stop : AcknowledgeThenStopAsync(_pendingAcks);

            case MqttPacketType.Auth:
                // MQTT 5.0 §4.12: AUTH belongs to an enhanced authentication that CONNECT started; we never start one.
                MqttAuthPacket.Read(frame, _version);
                throw MqttProtocolException.Protocol("AUTH without enhanced authentication in CONNECT (MQTT 5.0 §4.12).");

            default:
                // CONNACK, SUBACK, UNSUBACK and PINGRESP only travel from server to client (§2.2.1).
                throw MqttProtocolException.Protocol($"{frame.Type} is sent by servers only (MQTT 3.1.1 §2.2.1).");
        }
    }

    // A client may publish QoS 1 and disconnect without waiting: the PUBACKs it is owed still go out first.
    private static async ValueTask<bool> AcknowledgeThenStopAsync(PendingAcknowledgements pending)
    {
        await pending.DrainAsync().ConfigureAwait(false);
        return false;
    }

    private ValueTask<bool> Answer(OutboundPacket packet)
    {
        var write = _output.WriteAsync(packet);
        return write.IsCompletedSuccessfully ? Continue : AwaitAnswerAsync(write);
    }

    private static async ValueTask<bool> AwaitAnswerAsync(ValueTask write)
    {
        await write.ConfigureAwait(false);
        return true;
    }
}
