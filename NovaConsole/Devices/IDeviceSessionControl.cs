namespace NovaConsole.Devices;

/// <summary>
/// Closes a device's live sessions. Each transport adapter (MQTT, TCP) registers one; the registry calls every
/// registered implementation when a device's key is reset, or it is disabled or deleted. None registered is fine.
/// </summary>
internal interface IDeviceSessionControl
{
    /// <summary>Close every session of <paramref name="deviceId"/> on this transport; no session is not an error.</summary>
    Task DisconnectAsync(string deviceId, string reason, CancellationToken cancellationToken);
}
