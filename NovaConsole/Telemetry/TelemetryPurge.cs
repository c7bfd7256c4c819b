using NovaConsole.Devices;

namespace NovaConsole.Telemetry;

/// <summary>Deletes a deleted device's telemetry, through the writer so nothing queued before survives it.</summary>
internal sealed class TelemetryPurge(TelemetryIngest ingest) : IDeviceDataPurge
{
    public Task PurgeAsync(string deviceId, CancellationToken ct) => ingest.DeleteAsync(deviceId, key: null, ct);
}
