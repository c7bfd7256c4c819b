namespace NovaConsole.Mqtt.Broker.Diagnostics;

/// <summary>
/// One log line per interval for a kind of event that clients can cause at will (a refused retain), however many
/// clients cause it: the first is logged at once, the next after the interval says how many were left out meanwhile.
/// Lock-free; costs one timestamp read per event.
/// </summary>
internal sealed class LogLimiter(TimeProvider time, TimeSpan interval)
{
    private long _lastLogged = long.MinValue;
    private long _suppressed;

    public bool ShouldLog(out long suppressed)
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastLogged);
        if ((last != long.MinValue && time.GetElapsedTime(last, now) < interval) || Interlocked.CompareExchange(ref _lastLogged, now, last) != last)
        {
            Interlocked.Increment(ref _suppressed);
            suppressed = 0;
            return false;
        }
        suppressed = Interlocked.Exchange(ref _suppressed, 0);
        return true;
    }
}
