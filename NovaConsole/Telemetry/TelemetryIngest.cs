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

    /// <summary>
    /// Deletes a device's telemetry (every key, or one) through the writer, in queue order: what was queued before is
    /// written first and then deleted with the rest. Completes once committed; answers the number of points deleted.
    /// </summary>
    public async Task<long> DeleteAsync(string deviceId, string? key, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = new DeleteRequest(deviceId, key);
        await _queue.Writer.WriteAsync(new Pending(new TelemetryMessage(deviceId, default, []), done, request), ct);
        await done.Task.WaitAsync(ct);
        return request.Deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(options.Value.MaxBatchMessages);
        var messages = new List<TelemetryMessage>(options.Value.MaxBatchMessages);
        var reader = _queue.Reader;
        // On shutdown, drain what was accepted before stopping: accepted QoS 0 messages are stored too.
        while (await WaitAsync(reader, stoppingToken))
        {
            while (batch.Count < options.Value.MaxBatchMessages && reader.TryRead(out var pending)) batch.Add(pending);
            // A delete splits the batch: what came before it is written first, so it is deleted too.
            var start = 0;
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].Delete is not { } delete) continue;
                Write(batch, start, i, messages);
                Delete(batch[i], delete);
                start = i + 1;
            }
            Write(batch, start, batch.Count, messages);
            batch.Clear();
        }
    }

    private void Write(List<Pending> batch, int start, int end, List<TelemetryMessage> messages)
    {
        if (start >= end) return;
        messages.Clear();
        for (var i = start; i < end; i++) messages.Add(batch[i].Message);
        try
        {
            var changed = store.WriteBatch(messages);
            latest.Apply(changed);
            statistics.Stored(messages);
            for (var i = start; i < end; i++) batch[i].Stored.TrySetResult();
            notifications.Publish(messages);
        }
        catch (Exception e)
        {
            // Nothing was committed: every publisher in this batch hears so (a QoS 1 one gets no PUBACK and resends).
            TelemetryLog.BatchFailed(logger, e, end - start);
            for (var i = start; i < end; i++) batch[i].Stored.TrySetException(new TelemetryNotStoredException(e));
            statistics.Failed(end - start);
        }
    }

    private void Delete(Pending pending, DeleteRequest delete)
    {
        try
        {
            delete.Deleted = store.DeleteSeries(delete.DeviceId, delete.Key);
            latest.Forget(delete.DeviceId);
            keys.Forget(delete.DeviceId);
            pending.Stored.TrySetResult();
        }
        catch (Exception e)
        {
            pending.Stored.TrySetException(e);
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

    private readonly record struct Pending(TelemetryMessage Message, TaskCompletionSource Stored, DeleteRequest? Delete = null);

    private sealed class DeleteRequest(string deviceId, string? key)
    {
        public string DeviceId { get; } = deviceId;
        public string? Key { get; } = key;
        public long Deleted { get; set; }
    }
}

internal sealed class TelemetryNotStoredException(Exception inner) : Exception("The telemetry could not be stored.", inner);

internal sealed class TelemetryRefusedException(string reason) : Exception(reason);

/// <summary>What <see cref="TelemetryIngest.AcceptAsync"/> did with a message: refused it (and why), or queued it.</summary>
internal readonly record struct TelemetryAdmission(string? Refusal, Task Stored)
{
    public static TelemetryAdmission Refuse(string reason) => new(reason, Task.CompletedTask);

    public static TelemetryAdmission Queue(Task stored) => new(null, stored);
}
