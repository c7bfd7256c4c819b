namespace NovaConsole.Devices.Http;

/// <summary>Key reset, disable and delete end the device's open command poll at once and take it offline, as they close MQTT and TCP sessions.</summary>
internal sealed class HttpSessionControl(HttpCommandMailbox mailbox) : IDeviceSessionControl
{
    public Task DisconnectAsync(string deviceId, string reason, CancellationToken cancellationToken)
    {
        mailbox.Disconnect(deviceId, reason);
        return Task.CompletedTask;
    }
}
