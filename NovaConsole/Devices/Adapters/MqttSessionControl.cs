using NovaConsole.Mqtt.Broker;

namespace NovaConsole.Devices.Adapters;

/// <summary>Key reset, disable and delete close the device's MQTT connections at once (any client id the device used).</summary>
internal sealed class MqttSessionControl(IMqttServer broker, PlatformCloseReasons reasons) : IDeviceSessionControl
{
    public async Task DisconnectAsync(string deviceId, string reason, CancellationToken cancellationToken)
    {
        foreach (var client in broker.GetClients().Where(c => string.Equals(c.UserName, deviceId, StringComparison.OrdinalIgnoreCase)))
        {
            reasons.Note(deviceId, reason);
            await broker.DisconnectAsync(client.ClientId, MqttDisconnectReason.ServerKick);
        }
    }
}
