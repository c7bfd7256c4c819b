using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using NovaConsole.Devices;

namespace NovaConsole.Live;

/// <summary>
/// /hubs/telemetry: signed-in users and API tokens follow devices. <c>Subscribe(deviceId)</c> joins the device's group;
/// the server then pushes <c>telemetry</c> and <c>presence</c> events (see <see cref="TelemetryHubBridge"/>).
/// </summary>
[Authorize]
internal sealed class TelemetryHub(HubSubscriptions subscriptions) : Hub
{
    public async Task Subscribe(string deviceId)
    {
        if (!DeviceRules.IsValidDeviceId(deviceId)) throw new HubException($"'{DeviceRules.Shorten(deviceId ?? "")}' is not a device id.");
        if (!subscriptions.Add(Context.ConnectionId, deviceId))
        {
            throw new HubException($"A connection may follow at most {HubSubscriptions.MaxPerConnection} devices.");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, HubSubscriptions.Group(deviceId));
    }

    public async Task Unsubscribe(string deviceId)
    {
        if (!DeviceRules.IsValidDeviceId(deviceId)) return;
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, HubSubscriptions.Group(deviceId));
        subscriptions.Remove(Context.ConnectionId, deviceId);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        subscriptions.RemoveConnection(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
