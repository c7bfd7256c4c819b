namespace NovaConsole.Devices.Tcp;

/// <summary>
/// The data lines of one connection that are queued but not yet committed, watched in order so that a failed commit
/// is reported to the device. Commits complete in queue order, so one wake-up of the watcher usually finds a whole
/// batch done: far cheaper than a continuation per line at tens of thousands of lines per second.
/// </summary>
internal sealed class PendingStores(Func<long?, Exception, Task> reportNotStored)
{
    private readonly Queue<(Task Stored, long? Timestamp)> _pending = new();
    private bool _watching;

    public void Add(Task stored, long? timestamp)
    {
        lock (_pending)
        {
            _pending.Enqueue((stored, timestamp));
            if (_watching) return;
            _watching = true;
        }
        _ = WatchAsync();
    }

    private async Task WatchAsync()
    {
        while (true)
        {
            (Task Stored, long? Timestamp) oldest;
            lock (_pending)
            {
                if (!_pending.TryDequeue(out oldest))
                {
                    _watching = false;
                    return;
                }
            }
            try
            {
                await oldest.Stored.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await reportNotStored(oldest.Timestamp, e).ConfigureAwait(false);
            }
        }
    }
}
