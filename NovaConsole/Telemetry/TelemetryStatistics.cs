namespace NovaConsole.Telemetry;

/// <summary>Totals and a per-second rate of stored telemetry, for the dashboard and benchmarks.</summary>
internal sealed class TelemetryStatistics(TimeProvider time)
{
    private long _messages, _readings, _failed;
    private long _rateWindowStart = time.GetTimestamp();
    private long _rateWindowMessages;
    private double _messagesPerSecond;

    public long MessagesStored => Interlocked.Read(ref _messages);
    public long ReadingsStored => Interlocked.Read(ref _readings);
    public long MessagesFailed => Interlocked.Read(ref _failed);

    /// <summary>Stored messages per second over the last completed window of about a second.</summary>
    public double MessagesPerSecond
    {
        get
        {
            Roll();
            return Volatile.Read(ref _messagesPerSecond);
        }
    }

    public void Stored(int messages, int readings)
    {
        Interlocked.Add(ref _messages, messages);
        Interlocked.Add(ref _readings, readings);
        Interlocked.Add(ref _rateWindowMessages, messages);
        Roll();
    }

    public void Failed(int messages) => Interlocked.Add(ref _failed, messages);

    private void Roll()
    {
        var start = Interlocked.Read(ref _rateWindowStart);
        var elapsed = time.GetElapsedTime(start);
        if (elapsed < TimeSpan.FromSeconds(1)) return;
        if (Interlocked.CompareExchange(ref _rateWindowStart, time.GetTimestamp(), start) != start) return;
        var count = Interlocked.Exchange(ref _rateWindowMessages, 0);
        // A window with no traffic for a long time reads as zero, not as the last busy second.
        Volatile.Write(ref _messagesPerSecond, elapsed > TimeSpan.FromSeconds(5) ? 0 : count / elapsed.TotalSeconds);
    }
}
