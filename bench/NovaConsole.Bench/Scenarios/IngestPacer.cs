using System.Diagnostics;
using NovaConsole.Bench.Client;

namespace NovaConsole.Bench.Scenarios;

/// <summary>
/// <c>--rate</c>: one loop sends the fleet's messages evenly at a total rate, message k due at start + k / rate and
/// sent by device k mod N (so each device publishes every N / rate seconds, devices staggered by 1 / rate). A due
/// message whose device has its window full is skipped and counted, as paced-qos1 does: the load stays the load
/// asked for instead of queueing up behind a slow broker.
/// </summary>
internal sealed class IngestPacer(double rate)
{
    // After a stall (GC, a busy host) catch up at most this much at once; older due messages count as skipped.
    private static readonly TimeSpan MaxCatchUp = TimeSpan.FromMilliseconds(250);
    private long _skipped;

    public double Rate { get; } = rate;
    public long Skipped => Interlocked.Read(ref _skipped);

    public async Task RunAsync(MqttBenchClient[] clients, DeviceWindow[] windows, IngestRun run, CancellationToken ct)
    {
        var buffer = new byte[DeviceWindow.MaxPublishLength];
        long maxBehind = Math.Max(1, (long)(Rate * MaxCatchUp.TotalSeconds));
        long next = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            while (!ct.IsCancellationRequested && run.Sending)
            {
                long due = (long)(clock.Elapsed.TotalSeconds * Rate);
                if (due - next > maxBehind)
                {
                    Interlocked.Add(ref _skipped, due - maxBehind - next);
                    next = due - maxBehind;
                }
                for (; next < due; next++)
                {
                    int i = (int)(next % clients.Length);
                    var d = windows[i];
                    // A dropped device must not stop the others' load; the fleet reports its failure.
                    if (clients[i].Failure is not null || d.Credits.TryTake(1, 1) == 0)
                    {
                        Interlocked.Increment(ref _skipped);
                        continue;
                    }
                    if (run.Reserve(1, d.Credits) == 0) return;
                    int length = d.WriteNextPublish(buffer, Stopwatch.GetTimestamp());
                    Interlocked.Increment(ref d.InFlightCount);
                    try
                    {
                        await clients[i].SendAsync(buffer.AsMemory(0, length), ct).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ObjectDisposedException)
                    {
                        Interlocked.Decrement(ref d.InFlightCount);
                    }
                }
                // ~1 ms ticks on Linux: 5 or so messages per tick at 5,000/s.
                await Task.Delay(1, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
