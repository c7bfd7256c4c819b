using System.Diagnostics;
using NovaConsole.Bench.Client;
using NovaConsole.Bench.Metrics;
using NovaConsole.Bench.Results;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// Runs one <see cref="PubSubShape"/>: connect subscribers then publishers, warm up, publish until the
/// deadline or the message cap, drain until every expected delivery arrived (or the drain timeout), then
/// measure: delivered/s over the measured window, loss, latency percentiles and the broker's memory.
/// </summary>
internal static class PubSubEngine
{

    public static async Task<ScenarioResult> RunAsync(PubSubShape shape, BenchOptions options, CancellationToken cancellationToken)
    {
        var memoryAtStart = ProcessMemoryProbe.Read(options.BrokerPid);
        double loadAverage = ProcessCpuProbe.LoadAverage();
        var run = new RunState(shape);
        string tag = Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next()))[..6].ToLowerInvariant();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var subscriberSettings = options.ClientSettings(60, receiveBufferSize: 256 * 1024, replyBufferSize: 16 * 1024);
        var publisherSettings = options.ClientSettings(60, receiveBufferSize: 4 * 1024, replyBufferSize: 0);

        MqttBenchClient[] subscribers = [], publishers = [];
        var loops = new List<Task>();
        try
        {
            subscribers = await ConnectionFactory.ConnectManyAsync(subscriberSettings, shape.Subscribers,
                i => $"nb-{tag}-s{i}", _ => null, concurrency: 32, stop.Token).ConfigureAwait(false);
            var handlers = new SubscriberHandler[subscribers.Length];
            for (int i = 0; i < subscribers.Length; i++)
            {
                await subscribers[i].SubscribeAsync(shape.TopicFilter, shape.Qos, stop.Token).ConfigureAwait(false);
                handlers[i] = new SubscriberHandler(run.Budgets);
                loops.Add(subscribers[i].RunReceiveLoopAsync(handlers[i], stop.Token));
            }

            publishers = await ConnectionFactory.ConnectManyAsync(publisherSettings, shape.Publishers,
                i => $"nb-{tag}-p{i}", _ => null, concurrency: 64, stop.Token).ConfigureAwait(false);
            var senders = new Publisher[publishers.Length];
            for (int i = 0; i < publishers.Length; i++)
            {
                senders[i] = new Publisher(publishers[i], run, i);
                loops.Add(publishers[i].RunReceiveLoopAsync(senders[i], stop.Token));
            }
            var all = subscribers.Concat(publishers).ToArray();
            var keepAlive = KeepAlivePinger.RunAsync(all, subscriberSettings.KeepAliveSeconds, stop.Token);

            // Clock: warm-up, then the measured window up to the deadline.
            long start = Stopwatch.GetTimestamp();
            long measureFrom = start + (long)(shape.WarmupSeconds * Stopwatch.Frequency);
            run.DeadlineTimestamp = measureFrom + (long)(shape.DurationSeconds * Stopwatch.Frequency);
            foreach (var h in handlers) h.MeasureFromTimestamp = measureFrom;

            var publishing = senders.Select((p, i) => shape.RatePerPublisher > 0
                ? Task.Run(() => p.RunPacedAsync(TimeSpan.FromSeconds(i / (shape.RatePerPublisher * senders.Length)), stop.Token), stop.Token)
                : Task.Run(() => p.RunFastAsync(stop.Token), stop.Token)).ToArray();

            var watchdog = run.WatchStallsAsync(() => handlers.Sum(h => h.Delivered), stop.Token);

            await DelayUntilAsync(measureFrom, stop.Token).ConfigureAwait(false);
            long deliveredAtMeasure = handlers.Sum(h => h.Delivered);
            long measureTimestamp = Stopwatch.GetTimestamp();
            double brokerCpuAtMeasure = ProcessCpuProbe.Read(options.BrokerPid), benchCpuAtMeasure = ProcessCpuProbe.Self();

            var publishersDone = Task.WhenAll(publishing);
            await Task.WhenAny(publishersDone, Task.Delay(TimeSpan.FromSeconds(shape.WarmupSeconds + shape.DurationSeconds + 10), stop.Token)).ConfigureAwait(false);
            string? publishError = publishersDone.IsFaulted ? publishersDone.Exception?.GetBaseException().Message : null;

            long sent = senders.Sum(p => p.Sent);
            long expected = sent * shape.Subscribers;
            await DrainAsync(shape, handlers, senders, expected, stop.Token).ConfigureAwait(false);

            var memoryAtEnd = ProcessMemoryProbe.Read(options.BrokerPid);
            double brokerCpu = ProcessCpuProbe.Read(options.BrokerPid) - brokerCpuAtMeasure, benchCpu = ProcessCpuProbe.Self() - benchCpuAtMeasure;
            double window = (Stopwatch.GetTimestamp() - measureTimestamp) / (double)Stopwatch.Frequency;
            var histogram = new LatencyHistogram();
            foreach (var h in handlers) histogram.Add(h.Histogram);
            long delivered = handlers.Sum(h => h.Delivered);
            long duplicates = handlers.Sum(h => h.Duplicates);
            long lastDelivery = handlers.Max(h => h.LastDeliveryTimestamp);
            double seconds = Math.Max(1e-9, (lastDelivery - measureTimestamp) / (double)Stopwatch.Frequency);
            long lost = Math.Max(0, expected - (delivered - duplicates));
            int connectionsLost = all.Count(c => c.Failure is not null);
            long acked = senders.Sum(p => p.Acked);

            var notes = new List<string>();
            if (publishError is not null) notes.Add("publisher error: " + publishError);
            if (connectionsLost > 0) notes.Add($"{connectionsLost} connections dropped: {all.First(c => c.Failure is not null).Failure}");
            if (shape.Qos > 0 && acked != sent) notes.Add($"{sent - acked} PUBACKs missing");
            if (run.Skipped > 0) notes.Add($"{run.Skipped} paced sends skipped (window/budget full)");
            if (handlers.Sum(h => h.Foreign) > 0) notes.Add($"{handlers.Sum(h => h.Foreign)} foreign messages");
            if (lost > 0 && shape.Qos == 0) notes.Add("QoS 0 loss");

            bool ok = publishError is null && connectionsLost == 0 && delivered > 0
                && (shape.Qos == 0 || (lost == 0 && acked == sent));
            return new ScenarioResult
            {
                Scenario = shape.Name,
                Broker = options.BrokerName,
                Target = options.Target,
                Connections = shape.Publishers + shape.Subscribers,
                Publishers = shape.Publishers,
                Subscribers = shape.Subscribers,
                Qos = shape.Qos,
                PayloadBytes = shape.PayloadBytes,
                DurationSeconds = Math.Round(seconds, 3),
                Sent = sent,
                Expected = expected,
                Delivered = delivered,
                Lost = lost,
                Duplicates = duplicates,
                OutOfOrder = handlers.Sum(h => h.OutOfOrder),
                DeliveredPerSecond = Math.Round((delivered - deliveredAtMeasure) / seconds, 1),
                LatencyP50Us = Math.Round(histogram.PercentileMicroseconds(0.50), 1),
                LatencyP99Us = Math.Round(histogram.PercentileMicroseconds(0.99), 1),
                LatencyP999Us = Math.Round(histogram.PercentileMicroseconds(0.999), 1),
                LatencyMaxUs = Math.Round(histogram.MaxNanoseconds / 1000.0, 1),
                BrokerRssStartKiB = memoryAtStart.RssKiB,
                BrokerRssEndKiB = memoryAtEnd.RssKiB,
                BrokerHwmEndKiB = memoryAtEnd.HwmKiB,
                BrokerCpuPercent = brokerCpuAtMeasure < 0 ? -1 : Math.Round(100 * brokerCpu / window, 0),
                BenchCpuPercent = Math.Round(100 * benchCpu / window, 0),
                LoadAverageAtStart = loadAverage,
                ConnectionsLost = connectionsLost,
                Stalls = run.Stalls,
                Ok = ok,
                Note = notes.Count == 0 ? null : string.Join("; ", notes),
            };
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await ConnectionFactory.DisconnectAllAsync(publishers).ConfigureAwait(false);
            await ConnectionFactory.DisconnectAllAsync(subscribers).ConfigureAwait(false);
            await Task.WhenAny(Task.WhenAll(loops), Task.Delay(3000, CancellationToken.None)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for every expected delivery (and for QoS 1 every PUBACK), bounded by the drain timeout; a QoS 0 run
    /// also stops waiting once deliveries have stopped arriving for half a second (the rest were dropped).
    /// </summary>
    private static async Task DrainAsync(PubSubShape shape, SubscriberHandler[] handlers, Publisher[] senders,
        long expected, CancellationToken cancellationToken)
    {
        long drainEnd = Stopwatch.GetTimestamp() + (long)(shape.DrainSeconds * Stopwatch.Frequency);
        long lastCount = -1, lastChange = Stopwatch.GetTimestamp();
        long sent = senders.Sum(p => p.Sent);
        while (Stopwatch.GetTimestamp() < drainEnd && !cancellationToken.IsCancellationRequested)
        {
            long delivered = handlers.Sum(h => h.Delivered - h.Duplicates);
            bool acked = shape.Qos == 0 || senders.Sum(p => p.Acked) >= sent;
            if (delivered >= expected && acked) return;
            if (delivered != lastCount)
            {
                lastCount = delivered;
                lastChange = Stopwatch.GetTimestamp();
            }
            else if (shape.Qos == 0 && Stopwatch.GetTimestamp() - lastChange > Stopwatch.Frequency / 2) return;
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DelayUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        long remaining = timestamp - Stopwatch.GetTimestamp();
        if (remaining > 0) await Task.Delay(TimeSpan.FromSeconds(remaining / (double)Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
    }
}
