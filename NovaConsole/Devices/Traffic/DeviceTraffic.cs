using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace NovaConsole.Devices.Traffic;

/// <summary>
/// Raw device traffic for people watching a device page. Entries are kept only for devices someone watches
/// (a short ring per device), so recording is one dictionary miss for the thousands nobody is looking at.
/// </summary>
internal sealed class DeviceTraffic
{
    public const int RecentPerDevice = 200;
    private readonly ConcurrentDictionary<string, Watched> _watched = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Lets a transport skip building an entry (decoding a payload) for a device nobody watches.</summary>
    public bool IsWatched(string deviceId) => _watched.ContainsKey(deviceId);

    public void Record(TrafficEntry entry)
    {
        if (!_watched.TryGetValue(entry.DeviceId, out var watched)) return;
        lock (watched.Recent)
        {
            if (watched.Recent.Count == RecentPerDevice) watched.Recent.Dequeue();
            watched.Recent.Enqueue(entry);
        }
        foreach (var subscriber in watched.Subscribers)
        {
            try
            {
                subscriber(entry);
            }
            catch (Exception)
            {
                // A closed page must not break the transport that recorded the entry.
            }
        }
    }

    /// <summary>Starts watching a device: the callback gets every new entry; <paramref name="recent"/> what was kept so far.</summary>
    public IDisposable Watch(string deviceId, Action<TrafficEntry> callback, out IReadOnlyList<TrafficEntry> recent)
    {
        var watched = _watched.GetOrAdd(deviceId, _ => new Watched());
        lock (watched.Recent)
        {
            watched.Subscribers = watched.Subscribers.Add(callback);
            recent = [.. watched.Recent];
        }
        return new Unwatch(() =>
        {
            lock (watched.Recent)
            {
                watched.Subscribers = watched.Subscribers.Remove(callback);
                if (watched.Subscribers.IsEmpty) _watched.TryRemove(new KeyValuePair<string, Watched>(deviceId, watched));
            }
        });
    }

    private sealed class Watched
    {
        public Queue<TrafficEntry> Recent { get; } = new();
        public ImmutableArray<Action<TrafficEntry>> Subscribers { get; set; } = [];
    }

    private sealed class Unwatch(Action dispose) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) dispose();
        }
    }
}
