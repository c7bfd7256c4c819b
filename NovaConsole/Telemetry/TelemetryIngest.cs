using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace NovaConsole.Telemetry;

/// <summary>
/// The one way telemetry enters storage, for every transport. A bounded queue feeds one writer that commits
/// whatever has gathered in a single transaction (group commit), then completes each message's receipt.
/// A QoS 1 publisher is acknowledged only after its receipt completes, so a killed process loses no
/// acknowledged message; when the queue is full, <see cref="AcceptAsync"/> waits, slowing publishers down.
/// </summary>
internal sealed class TelemetryIngest(
    TelemetryStore store,
    TelemetryKeyLimit keys,
    LatestValues latest,
    TelemetryNotifications notifications,
    TelemetryStatistics statistics,
    IOptions<TelemetryOptions> options,
    ILogger<TelemetryIngest> logger) : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.Value.MaxQueuedMessages)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>
    /// Refuses a message that would take its device over the key cap; otherwise waits for room in the queue and answers
    /// with a task that completes when the message is durably stored (or faults if storing failed). Callers that need
    /// no durability (QoS 0) need not await that task.
    /// </summary>
    public async ValueTask<TelemetryAdmission> AcceptAsync(TelemetryMessage message, CancellationToken ct)
    {
        if (await keys.CheckAsync(message.DeviceId, message.Readings, ct) is { } refusal) return TelemetryAdmission.Refuse(refusal);
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Pending(message, stored), ct);
        return TelemetryAdmission.Queue(stored.Task);
    }

    /// <summary>Accepts and waits until stored, for a caller with nothing to do meanwhile (the transports pipeline with <see cref="AcceptAsync"/>).</summary>
    public async Task StoreAsync(TelemetryMessage message, CancellationToken ct)
    {
        var admission = await AcceptAsync(message, ct);
        if (admission.Refusal is { } refusal) throw new TelemetryRefusedException(refusal);
        await admission.Stored;
    }

    public int QueueLength => _queue.Reader.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(options.Value.MaxBatchMessages);
        var messages = new List<TelemetryMessage>(options.Value.MaxBatchMessages);
        var reader = _queue.Reader;
        // On shutdown, drain what was accepted before stopping: accepted QoS 0 messages are stored too.
        while (await WaitAsync(reader, stoppingToken))
        {
            while (batch.Count < options.Value.MaxBatchMessages && reader.TryRead(out var pending)) batch.Add(pending);
            messages.Clear();
            foreach (var pending in batch) messages.Add(pending.Message);
            try
            {
                var changed = store.WriteBatch(messages);
                latest.Apply(changed);
                statistics.Stored(messages);
                foreach (var pending in batch) pending.Stored.TrySetResult();
                notifications.Publish(messages);
            }
            catch (Exception e)
            {
                // Nothing was committed: every publisher in this batch hears so (a QoS 1 one gets no PUBACK and resends).
                TelemetryLog.BatchFailed(logger, e, batch.Count);
                foreach (var pending in batch) pending.Stored.TrySetException(new TelemetryNotStoredException(e));
                statistics.Failed(batch.Count);
            }
            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        store.Dispose();
    }

    private static async Task<bool> WaitAsync(ChannelReader<Pending> reader, CancellationToken stoppingToken)
    {
        try
        {
            return await reader.WaitToReadAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return reader.TryPeek(out _);
        }
    }

    private readonly record struct Pending(TelemetryMessage Message, TaskCompletionSource Stored);
}

internal sealed class TelemetryNotStoredException(Exception inner) : Exception("The telemetry could not be stored.", inner);

internal sealed class TelemetryRefusedException(string reason) : Exception(reason);

/// <summary>What <see cref="TelemetryIngest.AcceptAsync"/> did with a message: refused it (and why), or queued it.</summary>
internal readonly record struct TelemetryAdmission(string? Refusal, Task Stored)
{
    public static TelemetryAdmission Refuse(string reason) => new(reason, Task.CompletedTask);

    public static TelemetryAdmission Queue(Task stored) => new(null, stored);
}
