namespace NovaConsole.Mqtt.Broker.Connections;

/// <summary>
/// The QoS 1 PUBACKs a connection owes while the product stores their messages, sent in the order the PUBLISH
/// packets arrived (MQTT 3.1.1 §4.6 [MQTT-4.6.0-2]) as each message and all before it are stored. Meanwhile the
/// read loop goes on reading, so one client's next messages join the same storage batch instead of waiting for
/// the commit of the previous one. At most <c>limit</c> wait at once; beyond that the read loop waits (and the
/// client with it, through TCP flow control).
/// </summary>
/// <remarks>Created on the first message whose store is still pending: idle and QoS 0 clients never pay for it.</remarks>
internal sealed class PendingAcknowledgements(MqttOutbound output, int limit, Action<Exception> storeFailed)
{
    private readonly Queue<(ushort PacketId, Task Stored)> _owed = new();
    private readonly SemaphoreSlim _room = new(limit, limit);
    private readonly CancellationTokenSource _abandoned = new();
    private bool _pumping;
    private bool _failed;
    private TaskCompletionSource? _drained;

    /// <summary>True when no PUBACK is owed: a new one may be written at once without overtaking another.</summary>
    /// <summary>PUBACKs owed and not yet written (MQTT 5 Receive Maximum counts them).</summary>
    public int Count
    {
        get
        {
            lock (_owed)
            {
                return _owed.Count;
            }
        }
    }

    public bool IsIdle
    {
        get
        {
            lock (_owed)
            {
                return !_pumping;
            }
        }
    }

    /// <summary>Owes a PUBACK for <paramref name="packetId"/> once <paramref name="stored"/> completes; waits while <c>limit</c> are owed.</summary>
    public async ValueTask AddAsync(ushort packetId, Task stored)
    {
        if (!_room.Wait(0))
        {
            await _room.WaitAsync(_abandoned.Token).ConfigureAwait(false);
        }

        lock (_owed)
        {
            if (_failed)
            {
                return; // The connection is closing; nothing after a failed store is acknowledged.
            }

            _owed.Enqueue((packetId, stored));
            if (_pumping)
            {
                return;
            }

            _pumping = true;
        }

        _ = PumpAsync();
    }

    /// <summary>The connection is closing: a read loop waiting for room stops waiting (OperationCanceledException).</summary>
    public void Abandon() => _abandoned.Cancel();

    /// <summary>Completes when every owed PUBACK is written (or a store failed): before a clean DISCONNECT closes.</summary>
    public Task DrainAsync()
    {
        lock (_owed)
        {
            if (!_pumping)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            (ushort PacketId, Task Stored) head;
            lock (_owed)
            {
                if (!_owed.TryPeek(out head))
                {
                    StopPumpingLocked();
                    return;
                }
            }

            try
            {
                await head.Stored.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                lock (_owed)
                {
                    _failed = true;
                    _owed.Clear();
                    StopPumpingLocked();
                }

                storeFailed(ex);
                return;
            }

            // Returns quietly once the connection's output is closed: a client that left hears nothing more.
            await output.WriteAsync(new OutboundPacket(Protocol.MqttPacketType.PubAck, head.PacketId)).ConfigureAwait(false);
            lock (_owed)
            {
                _owed.Dequeue();
            }

            _room.Release();
        }
    }

    private void StopPumpingLocked()
    {
        _pumping = false;
        _drained?.TrySetResult();
        _drained = null;
    }
}
