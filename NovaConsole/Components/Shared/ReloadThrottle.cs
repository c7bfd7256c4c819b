namespace NovaConsole.Components.Shared;

/// <summary>
/// Coalesces reload requests: the first runs at once, and every request within <c>interval</c> of the last run makes
/// one more run when the interval is over, however many there were. A page that reloads on live changes (the devices
/// list on presence changes) calls <see cref="Request"/> for each change and so queries at most once per interval.
/// <paramref name="reload"/> is called on the timer's thread: pass a component's <c>InvokeAsync</c> wrapper.
/// </summary>
internal sealed class ReloadThrottle(TimeProvider time, TimeSpan interval, Func<Task> reload) : IDisposable
{
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private long _lastRun = long.MinValue;
    private bool _scheduled;
    private bool _disposed;

    public void Request()
    {
        TimeSpan wait;
        lock (_gate)
        {
            if (_disposed || _scheduled) return;
            var since = _lastRun == long.MinValue ? TimeSpan.MaxValue : time.GetElapsedTime(_lastRun);
            wait = since >= interval ? TimeSpan.Zero : interval - since;
            _scheduled = true;
            if (wait > TimeSpan.Zero)
            {
                _timer ??= time.CreateTimer(_ => _ = RunAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timer.Change(wait, Timeout.InfiniteTimeSpan);
                return;
            }
        }
        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _scheduled = false;
            _lastRun = time.GetTimestamp();
        }
        await reload();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
        }
    }
}
