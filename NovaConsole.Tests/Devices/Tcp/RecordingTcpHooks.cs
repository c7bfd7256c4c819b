using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using NovaConsole.Devices.Tcp;

namespace NovaConsole.Tests.Devices.Tcp;

/// <summary>
/// The product side of the TCP listener for transport-level tests: a fixed set of device keys, and a record of
/// what reached the product. End-to-end tests use the real device adapter instead.
/// </summary>
internal sealed class RecordingTcpHooks(Dictionary<string, string> keys) : IDeviceTcpHooks
{
    public ConcurrentQueue<DataMessage> Data { get; } = new();
    public ConcurrentQueue<StatusMessage> Statuses { get; } = new();
    public ConcurrentQueue<CommandResponseMessage> CommandResponses { get; } = new();
    public ConcurrentQueue<DeviceTcpTraffic> Traffic { get; } = new();
    public Channel<(DeviceTcpSession Session, DeviceTcpCloseReason Reason)> Disconnects { get; } = Channel.CreateUnbounded<(DeviceTcpSession, DeviceTcpCloseReason)>();

    public ValueTask<DeviceTcpAuthOutcome> AuthenticateAsync(string? deviceId, string? deviceKey, EndPoint? remote, CancellationToken ct) =>
        ValueTask.FromResult(deviceId is not null && keys.TryGetValue(deviceId, out var key) && key == deviceKey
            ? DeviceTcpAuthOutcome.Accept(deviceId)
            : DeviceTcpAuthOutcome.Refuse("Bad device_id or device_key."));

    public ValueTask OnConnectedAsync(DeviceTcpSession session, CancellationToken ct) => ValueTask.CompletedTask;

    /// <summary>When set, decides when (and whether) each data message counts as stored.</summary>
    public Func<DataMessage, Task>? Store { get; set; }

    public ValueTask<DeviceTcpDataOutcome> OnDataAsync(DeviceTcpSession session, DataMessage message, CancellationToken ct)
    {
        Data.Enqueue(message);
        return ValueTask.FromResult(DeviceTcpDataOutcome.Queued(Store?.Invoke(message) ?? Task.CompletedTask));
    }

    public ValueTask OnStatusAsync(DeviceTcpSession session, StatusMessage message, CancellationToken ct)
    {
        Statuses.Enqueue(message);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnCommandResponseAsync(DeviceTcpSession session, CommandResponseMessage message, CancellationToken ct)
    {
        CommandResponses.Enqueue(message);
        return ValueTask.CompletedTask;
    }

    public bool IsTrafficWatched(DeviceTcpSession session) => true;

    public void OnTraffic(DeviceTcpSession session, DeviceTcpTraffic traffic) => Traffic.Enqueue(traffic);

    public ValueTask OnDisconnectedAsync(DeviceTcpSession session, DeviceTcpCloseReason reason, CancellationToken ct) =>
        Disconnects.Writer.WriteAsync((session, reason), ct);
}
