using NovaConsole.Bench.Metrics;

namespace NovaConsole.Bench.Scenarios;

/// <summary>The shared stop flag and message cap of a device-ingest run.</summary>
internal sealed class IngestRun(long maxMessages)
{
    private long _remaining = maxMessages;
    private volatile bool _sending = true;

    public bool Sending => _sending;

    public void Stop() => _sending = false;

    /// <summary>Grants up to <paramref name="wanted"/> messages from the cap while sending; gives unused credits back.</summary>
    public int Reserve(int wanted, InFlightBudget credits)
    {
        int granted = 0;
        if (_sending)
        {
            long after = Interlocked.Add(ref _remaining, -wanted);
            granted = after >= 0 ? wanted : (int)Math.Max(0, wanted + after);
            if (after <= 0) _sending = false;
        }
        if (granted < wanted) credits.Release(wanted - granted);
        return granted;
    }
}
