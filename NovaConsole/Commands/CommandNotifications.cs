using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace NovaConsole.Commands;

/// <summary>
/// Tells live views about operation-log changes (a new entry, sent, answered, failed). Subscribe returns an
/// IDisposable; callbacks run on the writer's thread and must only hand the entry off (InvokeAsync, a channel).
/// </summary>
internal sealed class CommandNotifications(ILogger<CommandNotifications> logger)
{
    private readonly ConcurrentDictionary<string, ImmutableArray<Action<CommandEntry>>> _byDevice = new(StringComparer.OrdinalIgnoreCase);
    private ImmutableArray<Action<CommandEntry>> _all = [];

    public IDisposable Subscribe(string deviceId, Action<CommandEntry> callback)
    {
        _byDevice.AddOrUpdate(deviceId, _ => [callback], (_, list) => list.Add(callback));
        return new Subscription(() => _byDevice.AddOrUpdate(deviceId, _ => [], (_, list) => list.Remove(callback)));
    }

    public IDisposable SubscribeAll(Action<CommandEntry> callback)
    {
        ImmutableInterlocked.Update(ref _all, list => list.Add(callback));
        return new Subscription(() => ImmutableInterlocked.Update(ref _all, list => list.Remove(callback)));
    }

    public void Publish(CommandEntry entry)
    {
        foreach (var callback in _all) Invoke(callback, entry);
        if (_byDevice.TryGetValue(entry.DeviceId, out var callbacks))
        {
            foreach (var callback in callbacks) Invoke(callback, entry);
        }
    }

    private void Invoke(Action<CommandEntry> callback, CommandEntry entry)
    {
        try
        {
            callback(entry);
        }
        catch (Exception e)
        {
            // One broken view must not stop the log or the other views.
            CommandsLog.SubscriberFailed(logger, e);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }
}
