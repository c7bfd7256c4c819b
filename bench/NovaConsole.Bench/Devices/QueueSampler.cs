namespace NovaConsole.Bench.Devices;

/// <summary>
/// Polls NovaConsole's ingest queue length (<c>telemetry.queueLength</c> of the stats) every 200 ms while a
/// measurement runs: by Little's law the queue wait is about the mean length / the stored rate, which splits the
/// PUBACK time into waiting and committing without instrumenting the console.
/// </summary>
internal sealed class QueueSampler
{
    private readonly List<(long AtUnixMs, int Length, long Stored)> _samples = [];
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;

    public QueueSampler(NovaApi api, CancellationToken ct)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _loop = RunAsync(api, _stop.Token);
    }

    private async Task RunAsync(NovaApi api, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var stats = await api.StatsAsync(ct).ConfigureAwait(false);
                lock (_samples) _samples.Add((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), stats.QueueLength, stats.MessagesStored));
                await Task.Delay(200, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
        {
        }
    }

    /// <summary>Stops polling; returns the mean and the largest length seen (0 and 0 without samples).</summary>
    public async Task<(double Mean, int Max)> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        lock (_samples) return _samples.Count == 0 ? (0, 0) : (_samples.Average(s => s.Length), _samples.Max(s => s.Length));
    }

    /// <summary>unix_ms,queue_length,messages_stored per sample, for lining up slow probes with the queue.</summary>
    public void WriteCsv(string path)
    {
        var text = new System.Text.StringBuilder("unix_ms,queue_length,messages_stored\n");
        lock (_samples)
        {
            foreach (var (at, length, stored) in _samples) text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{at},{length},{stored}\n");
        }
        File.WriteAllText(path, text.ToString());
    }
}
