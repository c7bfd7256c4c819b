using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace NovaConsole.Live;

/// <summary>What changed in OTA: a campaign, and the device whose task changed when there is one.</summary>
internal sealed record OtaChange(long CampaignId, string? DeviceId);

/// <summary>
/// Tells live views about OTA changes (a campaign stepped, paused, resumed or cancelled; a device's task moved with its
/// progress, its end or a person's retry or cancel). Subscribe returns an IDisposable; callbacks run on the writer's
/// thread and must only hand the change off (InvokeAsync, a flag). Views re-read through the OTA service: a change
/// carries no state, so a view that misses one catches up with the next.
/// </summary>
internal sealed class OtaNotifications(ILogger<OtaNotifications> logger)
{
    private readonly ConcurrentDictionary<long, ImmutableArray<Action<OtaChange>>> _byCampaign = new();
    private ImmutableArray<Action<OtaChange>> _all = [];

    public IDisposable Subscribe(long campaignId, Action<OtaChange> callback)
    {
        _byCampaign.AddOrUpdate(campaignId, _ => [callback], (_, list) => list.Add(callback));
        return new Subscription(() => _byCampaign.AddOrUpdate(campaignId, _ => [], (_, list) => list.Remove(callback)));
    }

    public IDisposable SubscribeAll(Action<OtaChange> callback)
    {
        ImmutableInterlocked.Update(ref _all, list => list.Add(callback));
        return new Subscription(() => ImmutableInterlocked.Update(ref _all, list => list.Remove(callback)));
    }

    public void Changed(long campaignId, string? deviceId = null)
    {
        var change = new OtaChange(campaignId, deviceId);
        foreach (var callback in _all) Invoke(callback, change);
        if (_byCampaign.TryGetValue(campaignId, out var callbacks))
        {
            foreach (var callback in callbacks) Invoke(callback, change);
        }
    }

    private void Invoke(Action<OtaChange> callback, OtaChange change)
    {
        try
        {
            callback(change);
        }
        catch (Exception e)
        {
            // One broken view must not stop the OTA engine or the other views.
            LiveLog.OtaSubscriberFailed(logger, e);
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
