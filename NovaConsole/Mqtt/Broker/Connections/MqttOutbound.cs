using System.Buffers;
using System.IO.Pipelines;
using NovaConsole.Mqtt.Broker.Diagnostics;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Connections;

/// <summary>
/// The one writer of a connection. Any thread may write a packet (the connection's own read loop, or another
/// connection's read loop routing a PUBLISH here); writes are serialized by a lock and go straight into the
/// transport's buffer; a single flush loop flushes them in batches.
/// </summary>
/// <remarks>
/// <para>Nothing is written while a flush is pending (a <see cref="PipeWriter"/> is not safe for that in general,
/// e.g. a stream-backed one) or while more than <see cref="MqttBrokerOptions.MaxPendingWriteBytes"/> are unflushed.
/// Then <c>TryWrite...</c> returns false and the caller keeps the message in its session queue, so a subscriber
/// that does not read never blocks a publisher and never holds more than the session bound. When the flush
/// completes, the connection's session drains its queue.</para>
/// <para>The connection's own answers (<see cref="WriteAsync"/>) wait instead: a client that does not read its
/// acknowledgements gets its own reading paused, which is the backpressure it asked for.</para>
/// </remarks>
internal sealed partial class MqttOutbound
{
    private readonly Lock _lock = new();
    private readonly MqttConnection _owner;
    private readonly PipeWriter _output;
    private readonly CountingBufferWriter _writer;
    private readonly MqttBrokerCounters _counters;
    private readonly long _maxPendingBytes;

    private readonly FlushSignal _signal = new();

    private bool _flushPending;
    private bool _closed;
    private bool _closeStarted;
    private long _flushedMark;
    private TaskCompletionSource? _writableWaiters;
    private ValueTask<FlushResult>? _handedOverFlush;
    private Task _loop = Task.CompletedTask;

    public MqttOutbound(MqttConnection owner, PipeWriter output, MqttBrokerCounters counters, int maxPendingBytes)
    {
        _owner = owner;
        _output = output;
        _writer = new CountingBufferWriter(output);
        _counters = counters;
        _maxPendingBytes = maxPendingBytes;
    }

    /// <summary>Set from the CONNECT; packets before it are written in the 3.1.1 format.</summary>
    public MqttProtocolVersion Version { get; set; } = MqttProtocolVersion.V311;

    /// <summary>The broker's clock, for MQTT 5 message expiry of queued messages.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>MQTT 5.0 §3.1.2.11.4: the largest packet the client accepts; unlimited for 3.1.x.</summary>
    public uint MaximumPacketSize { get; set; } = uint.MaxValue;

    /// <summary>
    /// MQTT 5.0 §3.1.2.11.4 [MQTT-3.1.2-25]: a PUBLISH larger than the client's Maximum Packet Size is not sent to
    /// it; the caller discards it as if it had been delivered.
    /// </summary>
    public bool IsTooLarge(long topicLength, long payloadLength, MqttQualityOfService qos, MqttProperties? properties) =>
        MaximumPacketSize != uint.MaxValue
        && MqttPacketWriter.SizeOfPublish(topicLength, payloadLength, qos, Version, properties) > MaximumPacketSize;

    public bool IsClosed
    {
        get
        {
            lock (_lock)
            {
                return _closed;
            }
        }
    }

    public void Start() => _loop = FlushLoopAsync();

    /// <summary>PUBLISH forwarded from a received packet (topic and payload are slices of the publisher's buffer).</summary>
    public bool TryWritePublish(
        in ReadOnlySequence<byte> topic, in ReadOnlySequence<byte> payload, MqttQualityOfService qos, bool retain, bool dup, ushort packetId,
        MqttProperties? properties = null)
    {
        lock (_lock)
        {
            if (!CanWriteLocked())
            {
                return false;
            }

            var before = _writer.Written;
            MqttPacketWriter.WritePublish(_writer, topic, payload, qos, retain, dup, packetId, Version, properties);
            Wrote(before, isPublish: true);
        }

        RequestFlush();
        return true;
    }

    /// <summary>PUBLISH of a stored message (queued, in flight, retained, will, server-side).</summary>
    public bool TryWritePublish(
        ReadOnlySpan<byte> topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos, bool retain, bool dup, ushort packetId,
        MqttProperties? properties = null)
    {
        lock (_lock)
        {
            if (!CanWriteLocked())
            {
                return false;
            }

            var before = _writer.Written;
            MqttPacketWriter.WritePublish(_writer, topic, new ReadOnlySequence<byte>(payload), qos, retain, dup, packetId, Version, properties);
            Wrote(before, isPublish: true);
        }

        RequestFlush();
        return true;
    }

    /// <summary>An answer packet; false when the output is busy (pending flush) or closed.</summary>
    public bool TryWrite(in OutboundPacket packet)
    {
        lock (_lock)
        {
            if (!CanWriteLocked())
            {
                return false;
            }

            var before = _writer.Written;
            packet.WriteTo(_writer, Version);
            Wrote(before, isPublish: false);
        }

        RequestFlush();
        return true;
    }

    /// <summary>Writes an answer, waiting while a flush is pending; returns quietly once the output is closed.</summary>
    public ValueTask WriteAsync(OutboundPacket packet) => TryWrite(packet) ? ValueTask.CompletedTask : WriteSlowAsync(packet);

    private async ValueTask WriteSlowAsync(OutboundPacket packet)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_closed)
                {
                    return;
                }

                if (!_flushPending && _writer.Written - _flushedMark < _maxPendingBytes)
                {
                    wait = Task.CompletedTask;
                }
                else
                {
                    _writableWaiters ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _writableWaiters.Task;
                    RequestFlush();
                }
            }

            await wait.ConfigureAwait(false);
            if (TryWrite(packet))
            {
                return;
            }
        }
    }

    private bool CanWriteLocked()
    {
        if (_closed || _flushPending)
        {
            return false;
        }

        if (_writer.Written - _flushedMark < _maxPendingBytes)
        {
            return true;
        }

        // Over the batch bound while no flush runs: the flush loop has not been scheduled yet (a burst from one
        // read buffer outruns it). Flush here; a healthy reader completes it at once and writing goes on.
        // Pending before the call: an inline pipe scheduler may run a continuation on this thread, inside
        // FlushAsync, that tries to write here (the lock is reentrant); it must find the output busy.
        _flushPending = true;
        var flush = _output.FlushAsync();
        if (flush.IsCompletedSuccessfully)
        {
            var result = flush.Result;
            _flushPending = false;
            _flushedMark = _writer.Written;
            return !result.IsCompleted && !result.IsCanceled;
        }

        // A slow reader: the flush loop awaits this flush, and the caller queues the message meanwhile.
        _handedOverFlush = flush;
        RequestFlush();
        return false;
    }

    private void Wrote(long before, bool isPublish)
    {
        _counters.BytesWritten(_writer.Written - before);
        if (isPublish)
        {
            _counters.MessageSent();
        }
    }

    private void RequestFlush() => _signal.Set();
}
