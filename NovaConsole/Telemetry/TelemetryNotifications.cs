using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace NovaConsole.Telemetry;

/// <summary>
/// Tells live views (console circuits, the SignalR hub) about stored telemetry. Subscribe returns an
/// IDisposable; callbacks run on the writer's thread and must only hand the update off (InvokeAsync, a channel).
/// </summary>
internal sealed class TelemetryNotifications(ILogger<TelemetryNotifications> logger)
{
    private readonly ConcurrentDictionary<string, ImmutableArray<Action<TelemetryMessage>>> _byDevice = new(StringComparer.OrdinalIgnoreCase);
    private ImmutableArray<Action<IReadOnlyList<TelemetryMessage>>> _all = [];

    public IDisposable Subscribe(string deviceId, Action<TelemetryMessage> callback)
    {
        _byDevice.AddOrUpdate(deviceId, _ => [callback], (_, list) => list.Add(callback));
        return new Subscription(() => _byDevice.AddOrUpdate(deviceId, _ => [], (_, list) => list.Remove(callback)));
    }

    public IDisposable SubscribeAll(Action<IReadOnlyList<TelemetryMessage>> callback)
    {
        ImmutableInterlocked.Update(ref _all, list => list.Add(callback));
        return new Subscription(() => ImmutableInterlocked.Update(ref _all, list => list.Remove(callback)));
    }

    public void Publish(IReadOnlyList<TelemetryMessage> messages)
    {
        foreach (var callback in _all) Invoke(() => callback(messages));
        if (_byDevice.IsEmpty) return;
        foreach (var message in messages)
        {
            if (!_byDevice.TryGetValue(message.DeviceId, out var callbacks)) continue;
            foreach (var callback in callbacks) Invoke(() => callback(message));
        }
    }

    private void Invoke(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            // One broken view must not stop storage or the other views.
            TelemetryLog.SubscriberFailed(logger, e);
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
