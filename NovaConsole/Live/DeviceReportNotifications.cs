using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace NovaConsole.Live;

/// <summary>What a device reported besides telemetry, once it is stored.</summary>
internal enum DeviceReportKind { Attributes, Event }

/// <summary>
/// Tells the views of one device (the device page's Attributes and Events tabs) that the device reported attributes or
/// an event and the report is stored, so they re-read it without a reload. Callbacks run on the ingest path: they must
/// only hand the news off (a component calls InvokeAsync); a failing one is logged and never fails the report.
/// </summary>
internal sealed class DeviceReportNotifications(ILogger<DeviceReportNotifications> logger)
{
    private readonly ConcurrentDictionary<string, ImmutableArray<Action<DeviceReportKind>>> _byDevice = new(StringComparer.OrdinalIgnoreCase);

    public IDisposable Subscribe(string deviceId, Action<DeviceReportKind> callback)
    {
        _byDevice.AddOrUpdate(deviceId, _ => [callback], (_, list) => list.Add(callback));
        return new Subscription(() =>
        {
            _byDevice.AddOrUpdate(deviceId, _ => [], (_, list) => list.Remove(callback));
            _byDevice.TryRemove(new KeyValuePair<string, ImmutableArray<Action<DeviceReportKind>>>(deviceId, []));
        });
    }

    public void Publish(string deviceId, DeviceReportKind kind)
    {
        if (!_byDevice.TryGetValue(deviceId, out var callbacks)) return;
        foreach (var callback in callbacks)
        {
            try
            {
                callback(kind);
            }
            catch (Exception e)
            {
                LiveLog.ReportSubscriberFailed(logger, e, deviceId);
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
