using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using NovaConsole.Devices.Presence;
using NovaConsole.Telemetry;

namespace NovaConsole.Live;

/// <summary>
/// Forwards stored telemetry and presence changes of followed devices to the hub's groups. The ingest writer and the
/// transports only enqueue (a full queue drops the oldest event); one loop does the sending.
/// </summary>
internal sealed class TelemetryHubBridge(
    TelemetryNotifications telemetry,
    DevicePresence presence,
    HubSubscriptions subscriptions,
    IHubContext<TelemetryHub> hub,
    ILogger<TelemetryHubBridge> logger) : BackgroundService
{
    public const int Capacity = 10_000;
    private long _dropped;
    private Channel<object>? _queue;
    private IDisposable[] _subscriptions = [];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropOldest,
        }, _ =>
        {
            var dropped = Interlocked.Increment(ref _dropped);
            if (dropped == 1 || dropped % 1000 == 0) LiveLog.Dropped(logger, dropped);
        });
        _subscriptions =
        [
            telemetry.SubscribeAll(batch =>
            {
                foreach (var message in batch)
                {
                    if (subscriptions.IsWatched(message.DeviceId)) _queue.Writer.TryWrite(message);
                }
            }),
            presence.Subscribe(change =>
            {
                if (subscriptions.IsWatched(change.DeviceId)) _queue.Writer.TryWrite(change);
            }),
            presence.SubscribeReports(report =>
            {
                if (subscriptions.IsWatched(report.DeviceId)) _queue.Writer.TryWrite(report);
            }),
        ];
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions) subscription.Dispose();
        _queue?.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in _queue!.Reader.ReadAllAsync(stoppingToken))
            {
                var (name, deviceId, payload) = item switch
                {
                    TelemetryMessage m => ("telemetry", m.DeviceId, (object)ToEvent(m)),
                    PresenceChange c => ("presence", c.DeviceId, new PresenceEvent(c.DeviceId, c.Online, c.Reason, c.At, c.Transport, null)),
                    // The device's own word beside its connection state (seed 004 §2.6), as a presence event too.
                    StatusReport r => ("presence", r.DeviceId, new PresenceEvent(r.DeviceId, presence.IsOnline(r.DeviceId), $"reported {r.Status}", r.At, r.Transport, r.Status)),
                    _ => throw new InvalidOperationException($"Unexpected live item {item.GetType().Name}."),
                };
                try
                {
                    await hub.Clients.Group(HubSubscriptions.Group(deviceId)).SendAsync(name, payload, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LiveLog.SendFailed(logger, e, name, deviceId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: live events are best effort.
        }
    }

    private static TelemetryEvent ToEvent(TelemetryMessage message)
    {
        var values = new Dictionary<string, object?>(message.Readings.Count, StringComparer.Ordinal);
        foreach (var reading in message.Readings) values[reading.Key] = reading.Value.ToJsonValue();
        return new TelemetryEvent(message.DeviceId, message.MeasuredAt, values);
    }
}
