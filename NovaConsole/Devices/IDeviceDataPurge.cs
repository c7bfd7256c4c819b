namespace NovaConsole.Devices;

/// <summary>
/// Something that keeps data about devices (telemetry, attributes, events, status history) and forgets all of a device
/// once it is deleted, so a device created again with the same id starts empty. The operation log is not one of them:
/// it records what people did and stays.
/// </summary>
internal interface IDeviceDataPurge
{
    Task PurgeAsync(string deviceId, CancellationToken ct);
}
