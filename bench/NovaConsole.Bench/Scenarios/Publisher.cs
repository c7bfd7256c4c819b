using System.Diagnostics;
using System.Text;
using NovaConsole.Bench.Client;
using NovaConsole.Bench.Metrics;
using NovaConsole.Bench.Protocol;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// One publishing client: sends as fast as its PUBACK window and the run's delivery budget allow (fast mode),
/// or at a fixed rate (paced mode). Its receive loop counts PUBACKs and reopens the window.
/// </summary>
internal sealed class Publisher : IMqttPacketHandler
{
    private readonly MqttBenchClient _client;
    private readonly RunState _run;
    private readonly int _index;
    private readonly byte[] _topic;
    private readonly byte[] _buffer;
    private readonly int _packetSize;
    private readonly InFlightBudget? _window;
    private readonly InFlightBudget _budget;
    private long _sent, _acked, _pendingAcks;
    private int _sequence;
    private ushort _nextPacketId = 1;

    public Publisher(MqttBenchClient client, RunState run, int index)
    {
        _client = client;
        _run = run;
        _index = index;
        _topic = Encoding.UTF8.GetBytes(PubSubShape.TopicOf(index));
        var shape = run.Shape;
        _packetSize = MqttClientEncoder.MaxPublishSize(_topic.Length, shape.PayloadBytes);
        _buffer = new byte[_packetSize * Math.Max(1, shape.BatchPerWrite)];
        _budget = run.Budgets[index];
        if (shape.Qos > 0 && shape.WindowPerPublisher > 0) _window = new InFlightBudget(shape.WindowPerPublisher);
    }

    public MqttBenchClient Client => _client;
    public long Sent => Volatile.Read(ref _sent);
    public long Acked => Volatile.Read(ref _acked);

    public int OnPacket(MqttFrame frame, ReadOnlySpan<byte> body, Span<byte> replies)
    {
        if (frame.PacketType == MqttClientDecoder.PubAck) _pendingAcks++;
        return 0;
    }

    public void OnChunkParsed()
    {
        if (_pendingAcks == 0) return;
        Volatile.Write(ref _acked, _acked + _pendingAcks);
        _window?.Release(_pendingAcks);
        _pendingAcks = 0;
    }

    /// <summary>Fast mode: bounded by the run's deadline and message cap.</summary>
    public async Task RunFastAsync(CancellationToken cancellationToken)
    {
        int subscribers = Math.Max(1, _run.Shape.Subscribers);
        while (_run.Running && !cancellationToken.IsCancellationRequested)
        {
            int count = await TakeCreditsAsync(Math.Max(1, _run.Shape.BatchPerWrite), subscribers, cancellationToken).ConfigureAwait(false);
            if (count == 0) return;
            int reserved = _run.Reserve(count);
            if (reserved < count) ReturnCredits(count - reserved, subscribers);
            if (reserved == 0) return;
            await SendBatchAsync(reserved, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Paced mode: one message every period from a start phase, skipping (and counting) a tick when no credit is free.</summary>
    public async Task RunPacedAsync(TimeSpan phase, CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromSeconds(1.0 / _run.Shape.RatePerPublisher);
        int subscribers = Math.Max(1, _run.Shape.Subscribers);
        await Task.Delay(phase, cancellationToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(period);
        while (_run.Running && !cancellationToken.IsCancellationRequested)
        {
            if (_window is not null && _window.TryTake(1, 1) == 0) _run.CountSkipped();
            else if (_budget.TryTake(1, subscribers) == 0)
            {
                _window?.Release(1);
                _run.CountSkipped();
            }
            else if (_run.Reserve(1) == 0) return;
            else await SendBatchAsync(1, cancellationToken).ConfigureAwait(false);
            if (!await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false)) return;
        }
    }

    private async ValueTask<int> TakeCreditsAsync(int wanted, int subscribers, CancellationToken cancellationToken)
    {
        if (_window is not null) wanted = await _window.TakeAsync(wanted, 1, cancellationToken).ConfigureAwait(false);
        int granted = await _budget.TakeAsync(wanted, subscribers, cancellationToken).ConfigureAwait(false);
        if (granted < wanted) _window?.Release(wanted - granted);
        if (!_run.Running)
        {
            // Woken at the deadline: send nothing more.
            ReturnCredits(granted, subscribers);
            return 0;
        }
        return granted;
    }

    private void ReturnCredits(int count, int subscribers)
    {
        _window?.Release(count);
        _budget.Release((long)count * subscribers);
    }

    private async ValueTask SendBatchAsync(int count, CancellationToken cancellationToken)
    {
        int length = EncodeBatch(count);
        await _client.SendAsync(_buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _sent, _sent + count);
    }

    private int EncodeBatch(int count)
    {
        int payloadBytes = _run.Shape.PayloadBytes;
        int qos = _run.Shape.Qos;
        long now = Stopwatch.GetTimestamp();
        int offset = 0;
        for (int i = 0; i < count; i++)
        {
            ushort id = 0;
            if (qos > 0)
            {
                id = _nextPacketId;
                _nextPacketId = _nextPacketId == ushort.MaxValue ? (ushort)1 : (ushort)(_nextPacketId + 1);
            }
            offset += MqttClientEncoder.WritePublishHeader(_buffer.AsSpan(offset), _topic, qos, id, payloadBytes);
            var payload = _buffer.AsSpan(offset, payloadBytes);
            BenchPayload.FillTail(payload);
            BenchPayload.Write(payload, now, _index, _sequence++);
            offset += payloadBytes;
        }
        return offset;
    }
}
