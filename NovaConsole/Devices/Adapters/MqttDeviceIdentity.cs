namespace NovaConsole.Devices.Adapters;

/// <summary>Who an MQTT connection is, decided once at CONNECT and carried by the broker for every later check.</summary>
internal sealed record MqttDeviceIdentity(string DeviceId)
{
    /// <summary>
    /// The broker's session owner for a device: device ids are unique ignoring case, so the owner is too. Sessions
    /// are bound to it, so one device can never take over, resume or discard another's session by its client id.
    /// </summary>
    public static string SessionOwnerOf(string deviceId) => "device:" + deviceId.ToUpperInvariant();

    public string SessionOwner => SessionOwnerOf(DeviceId);
}
