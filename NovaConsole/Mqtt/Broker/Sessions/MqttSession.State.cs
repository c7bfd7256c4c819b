using NovaConsole.Mqtt.Broker.Persistence;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Sessions;

/// <summary>What a session tells the persisted state, how it is restored, and back-pressure towards publishers.</summary>
internal sealed partial class MqttSession
{
    // Set for persistent sessions when the broker keeps its state in a file; every change below goes through it.
    private BrokerStateJournal? _journal;
    private long _lastSequence;
    private TaskCompletionSource? _room;
    private long _taken;
    private long _dropped;

    /// <summary>Messages this session dropped from a full queue since it began (shown per client).</summary>
    public long DroppedCount => Volatile.Read(ref _dropped);

    /// <summary>Messages that left the queue for the wire: progress, as a paused publisher judges it.</summary>
    public long TakenCount => Volatile.Read(ref _taken);

    public void UseJournal(BrokerStateJournal journal) => _journal = journal;

    /// <summary>
    /// Null when the queue has room; else a task that completes when it is down to <see cref="SessionLimits.ResumeAt"/>,
    /// or the client went away (an absent client's queue drops the oldest instead of holding publishers).
    /// </summary>
    public Task? WhenRoom()
    {
        lock (Gate)
        {
            if (_output is null || IsDiscarded || Qos0Queued + ReliableQueued < _limits.MaxQueued)
            {
                return null;
            }

            return (_room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>
    /// Puts back what the state file held: in-flight messages with their identifiers (re-sent with DUP=1 on the next
    /// CONNECT, MQTT 3.1.1 §4.4), then the queue, and the QoS 2 identifiers received and not yet released. Messages
    /// beyond today's queue limit are dropped, oldest first. Returns how many were dropped.
    /// </summary>
    public int Restore(StoredSession stored)
    {
        var dropped = 0;
        lock (Gate)
        {
            foreach (var row in stored.Messages)
            {
                _lastSequence = Math.Max(_lastSequence, row.Sequence);
                var queued = new QueuedMessage(row.Message, row.QualityOfService, row.Retain) { Sequence = row.Sequence };
                if (row.Flow != PersistedFlow.Queued && row.PacketIdentifier != 0 && IndexOfInflight(row.PacketIdentifier) < 0)
                {
                    (_inflight ??= []).Add(new InflightMessage(row.PacketIdentifier, queued)
                    {
                        State = row.Flow switch
                        {
                            PersistedFlow.AwaitingPubAck => InflightState.AwaitingPubAck,
                            PersistedFlow.AwaitingPubRec => InflightState.AwaitingPubRec,
                            _ => InflightState.AwaitingPubComp,
                        },
                        NeedsSend = true,
                        SentOnce = true,
                    });
                    _lastPacketIdentifier = row.PacketIdentifier;
                    continue;
                }

                (_reliable ??= new Queue<QueuedMessage>()).Enqueue(queued);
                _counters.QueuedChanged(1, queued.Size);
                if (ReliableQueued > _limits.MaxQueued)
                {
                    var oldest = _reliable.Dequeue();
                    _counters.QueuedChanged(-1, -oldest.Size);
                    Forgotten(oldest);
                    dropped++;
                }
            }

            foreach (var packetIdentifier in stored.IncomingQos2)
            {
                (_incomingQos2 ??= []).Add(packetIdentifier);
            }
        }

        return dropped;
    }

    private void Kept(in QueuedMessage queued, ushort packetIdentifier, InflightState? state, bool isNew)
    {
        if (_journal is null || queued.QualityOfService == MqttQualityOfService.AtMostOnce)
        {
            return;
        }

        var flow = state switch
        {
            null => PersistedFlow.Queued,
            InflightState.AwaitingPubAck => PersistedFlow.AwaitingPubAck,
            InflightState.AwaitingPubRec => PersistedFlow.AwaitingPubRec,
            _ => PersistedFlow.AwaitingPubComp,
        };
        _journal.MessageStored(ClientId, new PersistedMessage(queued.Sequence, queued.Message, queued.QualityOfService, queued.Retain, packetIdentifier, flow), isNew);
    }

    private void Forgotten(in QueuedMessage queued)
    {
        if (_journal is not null && queued.QualityOfService != MqttQualityOfService.AtMostOnce)
        {
            _journal.MessageRemoved(ClientId, queued.Sequence);
        }
    }

    private void SignalRoomLocked(bool force)
    {
        if (_room is not null && (force || Qos0Queued + ReliableQueued <= _limits.ResumeAt))
        {
            _room.TrySetResult();
            _room = null;
        }
    }
}
