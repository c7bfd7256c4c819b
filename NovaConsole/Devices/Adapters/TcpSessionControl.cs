using NovaConsole.Devices.Tcp;

namespace NovaConsole.Devices.Adapters;

/// <summary>Key reset, disable and delete close the device's TCP session at once, with the reason shown in its status history.</summary>
internal sealed class TcpSessionControl(DeviceTcpSessions sessions) : IDeviceSessionControl
{
    public Task DisconnectAsync(string deviceId, string reason, CancellationToken cancellationToken)
    {
        sessions.Close(deviceId, DeviceTcpCloseReason.ClosedByPlatform, reason);
        return Task.CompletedTask;
    }
}
