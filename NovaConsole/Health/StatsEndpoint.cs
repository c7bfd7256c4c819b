namespace NovaConsole.Health;

internal static class StatsEndpoint
{
    /// <summary>Counters of every part of the process, for dashboards, monitoring and the benchmarks.</summary>
    public static WebApplication MapSystemStats(this WebApplication app)
    {
        app.MapGet("/api/v1/system/stats", (IEnumerable<StatsSource> sources, HttpContext http) =>
            {
                var stats = new Dictionary<string, object>(StringComparer.Ordinal);
                foreach (var source in sources) stats[source.Name] = source.Read(http.RequestServices);
                stats["processWorkingSetBytes"] = Environment.WorkingSet;
                stats["managedHeapBytes"] = GC.GetTotalMemory(forceFullCollection: false);
                return Results.Json(stats);
            })
            .WithTags("Health").WithSummary("Counters of telemetry storage, the broker, the TCP listener and device presence.");
        return app;
    }
}
