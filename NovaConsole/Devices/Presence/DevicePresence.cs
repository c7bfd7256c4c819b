using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace NovaConsole.Devices.Presence;

/// <summary>
/// Online state from the transports' sessions. A device is online while any session is open; each session is
/// tracked by its own id, so the late close of an old, replaced session never marks a newer connection offline.
/// </summary>
internal sealed class DevicePresence(TimeProvider time) : IDevicePresence
{
    private readonly ConcurrentDictionary<string, DeviceState> _devices = new(StringComparer.OrdinalIgnoreCase);
    private ImmutableArray<Action<PresenceChange>> _subscribers = [];
    private ImmutableArray<Action<StatusReport>> _reportSubscribers = [];

    public bool IsOnline(string deviceId) => _devices.TryGetValue(deviceId, out var state) && state.Online;

    public DevicePresenceInfo? Find(string deviceId) => _devices.TryGetValue(deviceId, out var state) ? state.Snapshot(deviceId) : null;

    public string? ReportedStatus(string deviceId)
    {
        if (!_devices.TryGetValue(deviceId, out var state)) return null;
        lock (state) return state.Online ? state.ReportedStatus : null;
    }

    public int OnlineCount => _devices.Values.Count(s => s.Online);

    public IReadOnlyList<string> OnlineDeviceIds() => [.. OnlineDevices().Select(d => d.DeviceId)];

    /// <summary>Every device online now, with the transport of its latest session.</summary>
    public IReadOnlyList<(string DeviceId, string? Transport)> OnlineDevices()
    {
        var online = new List<(string, string?)>();
        foreach (var (deviceId, state) in _devices)
        {
            lock (state)
            {
                if (state.Online) online.Add((deviceId, state.Transport));
            }
        }
        return online;
    }

    public void SessionOpened(string deviceId, string sessionId, string transport, string? remoteAddress)
    {
        var state = _devices.GetOrAdd(deviceId, _ => new DeviceState());
        bool cameOnline;
        lock (state)
        {
            cameOnline = !state.Online;
            state.Sessions[sessionId] = transport;
            state.Transport = transport;
            state.RemoteAddress = remoteAddress;
            if (cameOnline)
            {
                state.Since = time.GetUtcNow();
                // A new connection says nothing yet; the last one's "offline" (often its LWT) is no longer true.
                state.ReportedStatus = null;
            }
            state.LastReason = "connected";
        }
        if (cameOnline) Notify(new PresenceChange(deviceId, true, transport, "connected", time.GetUtcNow()));
    }

    public void SessionClosed(string deviceId, string sessionId, string reason)
    {
        if (!_devices.TryGetValue(deviceId, out var state)) return;
        string? transport;
        bool wentOffline;
        lock (state)
        {
            if (!state.Sessions.Remove(sessionId, out transport)) return;
            wentOffline = !state.Online;
            if (wentOffline)
            {
                state.Since = time.GetUtcNow();
                state.LastReason = reason;
            }
        }
        if (wentOffline) Notify(new PresenceChange(deviceId, false, transport, reason, time.GetUtcNow()));
    }

    /// <summary>What the device reports about itself (seed 004 §2.6 status, its LWT); kept beside the session state.</summary>
    public void StatusReported(string deviceId, string status, string? info = null)
    {
        var state = _devices.GetOrAdd(deviceId, _ => new DeviceState());
        string? transport;
        lock (state)
        {
            state.ReportedStatus = status;
            transport = state.Transport;
        }
        var report = new StatusReport(deviceId, status, info, transport, time.GetUtcNow());
        foreach (var subscriber in _reportSubscribers)
        {
            try
            {
                subscriber(report);
            }
            catch (Exception)
            {
                // A failing listener must not break the transport that read the status message.
            }
        }
    }

    /// <summary>Every status a device reports about itself (seed 004 §2.6), whether or not its online state changes.</summary>
    public IDisposable SubscribeReports(Action<StatusReport> callback)
    {
        ImmutableInterlocked.Update(ref _reportSubscribers, list => list.Add(callback));
        return new Unsubscriber(() => ImmutableInterlocked.Update(ref _reportSubscribers, list => list.Remove(callback)));
    }

    public IDisposable Subscribe(Action<PresenceChange> callback)
    {
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(callback));
        return new Unsubscriber(() => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(callback)));
    }

    private void Notify(PresenceChange change)
    {
        foreach (var subscriber in _subscribers)
        {
            try
            {
                subscriber(change);
            }
            catch (Exception)
            {
                // A failing listener must not break a transport's connect or disconnect.
            }
        }
    }

    private sealed class DeviceState
    {
        public Dictionary<string, string> Sessions { get; } = new(StringComparer.Ordinal);
        public bool Online => Sessions.Count > 0;
        public string? Transport { get; set; }
        public string? RemoteAddress { get; set; }
        public DateTimeOffset Since { get; set; }
        public string? LastReason { get; set; }
        public string? ReportedStatus { get; set; }

        public DevicePresenceInfo Snapshot(string deviceId)
        {
            lock (this) return new DevicePresenceInfo(deviceId, Online, Transport, RemoteAddress, Since, LastReason, ReportedStatus);
        }
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) dispose();
        }
    }
}
