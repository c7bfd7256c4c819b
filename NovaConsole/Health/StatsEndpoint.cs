using NovaConsole.Devices.Presence;
using NovaConsole.Devices.Tcp;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Telemetry;

namespace NovaConsole.Health;

internal sealed record TelemetryStats(long MessagesStored, long ReadingsStored, long MessagesFailed, double MessagesPerSecond, int QueueLength);

internal sealed record SystemStats(TelemetryStats Telemetry, MqttBrokerStatistics Broker, DeviceTcpStatisticsSnapshot DeviceTcp, int DevicesOnline, long ProcessWorkingSetBytes, long ManagedHeapBytes);

internal static class StatsEndpoint
{
    /// <summary>Counters of every part of the process, for dashboards, monitoring and the benchmarks.</summary>
    public static WebApplication MapSystemStats(this WebApplication app)
    {
        app.MapGet("/api/v1/system/stats", (TelemetryStatistics telemetry, TelemetryIngest ingest, IMqttServer broker, DeviceTcpStatistics tcp, DevicePresence presence) =>
            new SystemStats(
                new TelemetryStats(telemetry.MessagesStored, telemetry.ReadingsStored, telemetry.MessagesFailed, telemetry.MessagesPerSecond, ingest.QueueLength),
                broker.GetStatistics(),
                tcp.Snapshot(),
                presence.OnlineCount,
                Environment.WorkingSet,
                GC.GetTotalMemory(forceFullCollection: false)))
            .WithTags("Health").WithSummary("Counters of telemetry storage, the broker, the TCP listener and device presence.");
        return app;
    }
}
