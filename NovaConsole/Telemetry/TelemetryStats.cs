namespace NovaConsole.Telemetry;

/// <summary>Telemetry's part of <c>/api/v1/system/stats</c>.</summary>
internal sealed record TelemetryStats(long MessagesStored, long ReadingsStored, long MessagesFailed, double MessagesPerSecond, int QueueLength)
{
    public static TelemetryStats Read(IServiceProvider services)
    {
        var telemetry = services.GetRequiredService<TelemetryStatistics>();
        return new(telemetry.MessagesStored, telemetry.ReadingsStored, telemetry.MessagesFailed, telemetry.MessagesPerSecond,
            services.GetRequiredService<TelemetryIngest>().QueueLength);
    }
}
