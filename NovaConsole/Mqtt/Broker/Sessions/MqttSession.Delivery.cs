using NovaConsole.Mqtt.Broker.Connections;
using NovaConsole.Mqtt.Broker.Diagnostics;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Sessions;

internal sealed partial class MqttSession
{
    /// <summary>
    /// Delivers one routed message at <paramref name="qos"/> (already min(published, granted), MQTT 3.1.1 §3.8.4).
    /// Written at once when the output can take it and nothing of the same QoS class waits before it (ordering,
    /// §4.6); otherwise QoS 1/2 wait in the queue (online or offline) and QoS 0 waits only while online.
    /// </summary>
    public void Deliver(ref PublishSource source, MqttQualityOfService qos, bool retain)
    {
        lock (Gate)
        {
            if (IsDiscarded)
            {
                return;
            }

            var output = _output;
            if (output is not null && output.IsTooLarge(source.TopicUtf8.Length, source.Payload.Length, qos, source.Properties))
            {
                return; // MQTT 5.0 [MQTT-3.1.2-25]: skipped for this client, as if delivered
            }

            if (qos == MqttQualityOfService.AtMostOnce)
            {
                if (output is null)
                {
                    // QoS 0 is not stored for an absent client (§3.1.2.4 lets the server choose; mosquitto does the same).
                    return;
                }

                if (Qos0Queued == 0 &&
                    output.TryWritePublish(source.TopicUtf8, source.Payload, qos, retain, dup: false, packetId: 0, source.Properties))
                {
                    source.Materialized?.NotifyDelivered();
                    return;
                }

                Enqueue(ref _qos0, new QueuedMessage(source.Materialize(), qos, retain), ref source);
                return;
            }

            if (output is not null && ReliableQueued == 0 && InflightUsed < InflightLimit)
            {
                var inflight = new InflightMessage(NextPacketIdentifier(), new QueuedMessage(source.Materialize(), qos, retain) { Sequence = ++_lastSequence });
                (_inflight ??= []).Add(inflight);
                Kept(inflight.Queued, inflight.PacketIdentifier, inflight.State, isNew: true);
                if (output.TryWritePublish(source.TopicUtf8, source.Payload, qos, retain, dup: false, inflight.PacketIdentifier, source.Properties))
                {
                    inflight.SentOnce = true;
                }
                else
                {
                    inflight.NeedsSend = true;
                }

                return;
            }

            Enqueue(ref _reliable, new QueuedMessage(source.Materialize(), qos, retain) { Sequence = ++_lastSequence }, ref source);
        }
    }

    /// <summary>Called when the output has flushed: writes what waits, as far as the output and window allow.</summary>
    public void Drain()
    {
        lock (Gate)
        {
            DrainLocked();
        }
    }

    private void DrainLocked()
    {
        DrainQueuesLocked();
        SignalRoomLocked(force: false);
    }

    private void DrainQueuesLocked()
    {
        var output = _output;
        if (output is null || IsDiscarded)
        {
            return;
        }

        // 1. In-flight messages first, in the order they were first sent (§4.6).
        for (var i = 0; i < InflightUsed; i++)
        {
            var message = _inflight![i];
            if (message.NeedsSend)
            {
                if (!Write(output, message))
                {
                    return;
                }

                message.NeedsSend = false;
                message.SentOnce = true;
            }
        }

        // 2. Queued QoS 1/2 messages, while the window has room.
        while (ReliableQueued > 0 && InflightUsed < InflightLimit)
        {
            var queued = _reliable!.Peek();
            if (queued.Message.IsExpired(output.Time))
            {
                // MQTT 5.0 [MQTT-3.3.2-5]: onward delivery had not started, so the copy is deleted.
                _reliable.Dequeue();
                _counters.QueuedChanged(-1, -queued.Size);
                continue;
            }

            var inflight = new InflightMessage(NextPacketIdentifier(), queued);
            if (!Write(output, inflight))
            {
                return;
            }

            inflight.SentOnce = true;
            _reliable.Dequeue();
            _taken++;
            _counters.QueuedChanged(-1, -queued.Size);
            (_inflight ??= []).Add(inflight);
            Kept(queued, inflight.PacketIdentifier, inflight.State, isNew: false);
        }

        // 3. QoS 0 messages that found the output busy.
        while (Qos0Queued > 0)
        {
            var queued = _qos0!.Peek();
            var message = queued.Message;
            if (message.IsExpired(output.Time))
            {
                _qos0.Dequeue(); // MQTT 5.0 [MQTT-3.3.2-5]
                _counters.QueuedChanged(-1, -queued.Size);
                continue;
            }

            if (!output.TryWritePublish(
                message.TopicUtf8, message.Payload, queued.QualityOfService, queued.Retain, dup: false, packetId: 0, message.PropertiesAt(output.Time)))
            {
                return;
            }

            _qos0.Dequeue();
            _taken++;
            _counters.QueuedChanged(-1, -queued.Size);
            message.NotifyDelivered();
        }
    }

    private static bool Write(MqttOutbound output, InflightMessage message)
    {
        if (message.State == InflightState.AwaitingPubComp)
        {
            return output.TryWrite(new OutboundPacket(MqttPacketType.PubRel, message.PacketIdentifier));
        }

        var queued = message.Queued;
        return output.TryWritePublish(
            queued.Message.TopicUtf8, queued.Message.Payload, queued.QualityOfService, queued.Retain, dup: message.SentOnce, message.PacketIdentifier,
            queued.Message.PropertiesAt(output.Time));
    }

    // Bounded: when full, the oldest message goes, QoS 0 before QoS 1/2 (it promised least), and the drop is
    // counted; the first overflow of a session is logged so a stuck subscriber shows up without flooding the log.
    // With back-pressure a connected subscriber's queue does not drop: the publisher is told (source.Congest) and
    // stops reading until it drains, so it overshoots by at most one message per publisher (HardMaxQueued caps it).
    private void Enqueue(ref Queue<QueuedMessage>? queue, QueuedMessage message, ref PublishSource source)
    {
        var count = Qos0Queued + ReliableQueued;
        var holds = _limits.Backpressure && _output is not null;
        if (count >= (holds ? _limits.HardMaxQueued : _limits.MaxQueued))
        {
            var victim = Qos0Queued > 0 ? _qos0! : _reliable!;
            var dropped = victim.Dequeue();
            Forgotten(dropped);
            _counters.QueuedChanged(-1, -dropped.Size);
            _counters.MessageDropped();
            _dropped++;
            if (!_overflowLogged)
            {
                _overflowLogged = true;
                MqttBrokerLog.QueueOverflow(_logger, ClientId, _limits.MaxQueued);
            }
        }

        (queue ??= new Queue<QueuedMessage>()).Enqueue(message);
        _counters.QueuedChanged(1, message.Size);
        Kept(message, packetIdentifier: 0, state: null, isNew: true);
        if (holds && count + 1 >= _limits.MaxQueued)
        {
            source.Congest(this);
        }
    }

    // Session memory in the statistics: what a queue holds beyond its entries.
    private static long BytesOf(Queue<QueuedMessage>? queue)
    {
        long bytes = 0;
        if (queue is not null)
        {
            foreach (var message in queue)
            {
                bytes += message.Size;
            }
        }

        return bytes;
    }

    // MQTT 3.1.1 §2.3.1: non-zero, and not one still in use by an unacknowledged message of ours.
    private ushort NextPacketIdentifier()
    {
        while (true)
        {
            _lastPacketIdentifier = _lastPacketIdentifier == ushort.MaxValue ? (ushort)1 : (ushort)(_lastPacketIdentifier + 1);
            if (IndexOfInflight(_lastPacketIdentifier) < 0)
            {
                return _lastPacketIdentifier;
            }
        }
    }

    // The window is small (MaxInflightMessages), so a scan beats a map and allocates nothing.
    private int IndexOfInflight(ushort packetIdentifier)
    {
        var inflight = _inflight;
        for (var i = 0; i < InflightUsed; i++)
        {
            if (inflight![i].PacketIdentifier == packetIdentifier)
            {
                return i;
            }
        }

        return -1;
    }
}
