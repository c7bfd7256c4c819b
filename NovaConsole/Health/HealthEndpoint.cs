using NovaConsole.Hosting;

namespace NovaConsole.Health;

internal sealed record HealthReport(string Status, string Version, long UptimeSeconds, string Database, IReadOnlyList<ListenerInfo> Listeners);

internal static class HealthEndpoint
{
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/healthz", async (SystemStatus system, CancellationToken ct) =>
        {
            var database = await system.ProbeDatabaseAsync(ct);
            var healthy = database == "ok";
            var report = new HealthReport(healthy ? "ok" : "degraded", SystemStatus.Version, (long)system.Uptime.TotalSeconds, database, system.Listeners);
            return Results.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous().WithTags("Health").WithSummary("Liveness, version, uptime, database state and bound listeners.");
        return app;
    }
}

internal sealed record AppStartTime(DateTimeOffset Value);
