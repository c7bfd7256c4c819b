using NovaConsole.Mqtt.Broker;

namespace NovaConsole.Devices.Adapters;

/// <summary>
/// Key reset, disable and delete close the device's MQTT connections at once (any client id the device used) and
/// discard its persistent sessions: subscriptions and queued commands granted under the old key do not outlive it.
/// </summary>
internal sealed class MqttSessionControl(IMqttServer broker, PlatformCloseReasons reasons) : IDeviceSessionControl
{
    public async Task DisconnectAsync(string deviceId, string reason, CancellationToken cancellationToken)
    {
        reasons.Note(deviceId, reason);
        await broker.EndSessionsAsync(MqttDeviceIdentity.SessionOwnerOf(deviceId), MqttDisconnectReason.ServerKick).WaitAsync(cancellationToken);
        // Nothing was connected to take the note: drop it, so it cannot explain a later, unrelated close.
        reasons.Take(deviceId);
    }
}
