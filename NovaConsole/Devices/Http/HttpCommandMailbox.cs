using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using NovaConsole.Commands;
using NovaConsole.Devices.Presence;

namespace NovaConsole.Devices.Http;

/// <summary>What became of a command offered to an HTTP device.</summary>
internal enum HttpCommandOffer { HandedToPoll, Held, QueueFull }

/// <summary>
/// Commands for devices that fetch them by long-polling <c>GET /api/v1/d/{id}/commands</c>. A command offered while a
/// poll is open is handed to that poll at once; otherwise it is held (bounded) for the device's next poll. A device is
/// online while a poll is open and for <see cref="HttpDeviceOptions.OnlineGraceSeconds"/> after, so the moment between
/// two polls is not an outage; posting data alone only makes it "seen".
/// </summary>
internal sealed class HttpCommandMailbox(DevicePresence presence, IOptions<HttpDeviceOptions> options, TimeProvider time)
{
    public const string SessionId = "http:poll";
    private readonly HttpDeviceOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Box> _boxes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A poll is open, or the device polled recently enough that a held command will likely be fetched.</summary>
    public bool IsReachable(string deviceId)
    {
        if (!_boxes.TryGetValue(deviceId, out var box)) return false;
        lock (box) return box.OpenPolls > 0 || (!box.Revoked && time.GetUtcNow() - box.LastPollEnded <= TimeSpan.FromSeconds(_options.CommandQueueSeconds));
    }

    /// <summary>
    /// Key reset, disable or delete: an open poll ends at once (with none), held commands are dropped (they fail as timed
    /// out), the device goes offline with <paramref name="reason"/>, and nothing is queued for it until it polls again.
    /// </summary>
    public void Disconnect(string deviceId, string reason)
    {
        if (!_boxes.TryGetValue(deviceId, out var box)) return;
        lock (box)
        {
            box.Revoked = true;
            box.Waiter?.TrySetResult(null);
            box.Waiter = null;
            box.Held.Clear();
            box.Grace?.Dispose();
            box.Grace = null;
            presence.SessionClosed(deviceId, SessionId, reason);
        }
    }

    public int HeldCount(string deviceId)
    {
        if (!_boxes.TryGetValue(deviceId, out var box)) return 0;
        lock (box) return box.Held.Count;
    }

    /// <param name="stillPending">Whether a held command still awaits its end; ended ones (timed out) make room.</param>
    public HttpCommandOffer Offer(DeviceCommand command, Func<long, bool> stillPending)
    {
        var box = _boxes.GetOrAdd(command.DeviceId, _ => new Box());
        lock (box)
        {
            // The poll's own lock-protected removal decides the race with its timeout: whoever is first wins.
            if (box.Waiter is { } waiter && waiter.TrySetResult(command))
            {
                box.Waiter = null;
                return HttpCommandOffer.HandedToPoll;
            }
            if (box.Held.Count >= _options.MaxQueuedCommands)
            {
                var live = box.Held.Where(c => stillPending(c.Id)).ToList();
                box.Held.Clear();
                foreach (var c in live) box.Held.Enqueue(c);
                if (box.Held.Count >= _options.MaxQueuedCommands) return HttpCommandOffer.QueueFull;
            }
            box.Held.Enqueue(command);
            return HttpCommandOffer.Held;
        }
    }

    /// <summary>
    /// The next command for the device: a held one (if <paramref name="handOut"/> still wants it: it may have timed out),
    /// else the first offered within <paramref name="wait"/>; null when none came. A newer poll of the same device ends
    /// an older one (with none), so a device has one open poll.
    /// </summary>
    public async Task<DeviceCommand?> PollAsync(string deviceId, string? remoteAddress, TimeSpan wait, Func<DeviceCommand, Task<bool>> handOut, CancellationToken ct)
    {
        var box = _boxes.GetOrAdd(deviceId, _ => new Box());
        Opened(box, deviceId, remoteAddress);
        try
        {
            while (true)
            {
                DeviceCommand? held;
                lock (box) held = box.Held.TryDequeue(out var next) ? next : null;
                if (held is null) break;
                if (await handOut(held)) return held;
            }
            if (wait <= TimeSpan.Zero) return null;

            var poll = new TaskCompletionSource<DeviceCommand?>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (box)
            {
                box.Waiter?.TrySetResult(null);
                box.Waiter = poll;
            }
            try
            {
                return await poll.Task.WaitAsync(wait, time, ct);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                lock (box)
                {
                    if (ReferenceEquals(box.Waiter, poll)) box.Waiter = null;
                    // An offer that won the race just before the timeout: the command is this poll's, not lost.
                    if (!poll.TrySetResult(null) && poll.Task.Result is { } won && !ct.IsCancellationRequested) return won;
                }
                return null;
            }
        }
        finally
        {
            Closed(box, deviceId);
        }
    }

    private void Opened(Box box, string deviceId, string? remoteAddress)
    {
        // Presence is told under the box's lock, so a grace period ending cannot close a poll that has just opened.
        lock (box)
        {
            box.OpenPolls++;
            box.Revoked = false;
            box.Grace?.Dispose();
            box.Grace = null;
            presence.SessionOpened(deviceId, SessionId, HttpDeviceApi.Transport, remoteAddress);
        }
    }

    private void Closed(Box box, string deviceId)
    {
        lock (box)
        {
            box.OpenPolls--;
            if (box.Revoked) return;
            box.LastPollEnded = time.GetUtcNow();
            if (box.OpenPolls > 0) return;
            box.Grace?.Dispose();
            box.Grace = time.CreateTimer(_ => GraceEnded(box, deviceId), null, TimeSpan.FromSeconds(_options.OnlineGraceSeconds), Timeout.InfiniteTimeSpan);
        }
    }

    private void GraceEnded(Box box, string deviceId)
    {
        lock (box)
        {
            if (box.OpenPolls > 0) return;
            box.Grace?.Dispose();
            box.Grace = null;
            presence.SessionClosed(deviceId, SessionId, $"no HTTP command poll for {_options.OnlineGraceSeconds} s");
        }
    }

    private sealed class Box
    {
        public readonly Queue<DeviceCommand> Held = new();
        public TaskCompletionSource<DeviceCommand?>? Waiter;
        public int OpenPolls;
        public DateTimeOffset LastPollEnded = DateTimeOffset.MinValue;
        public ITimer? Grace;
        public bool Revoked;
    }
}
