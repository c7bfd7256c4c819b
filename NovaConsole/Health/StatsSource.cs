namespace NovaConsole.Health;

/// <summary>
/// One named part of <c>/api/v1/system/stats</c>. Each feature registers its own beside its counters, so the
/// endpoint reads a list and names no layer (the broker, the TCP listener and the domain stay unknown to it).
/// </summary>
internal sealed record StatsSource(string Name, Func<IServiceProvider, object> Read);

internal static class StatsSourceExtensions
{
    /// <param name="name">The JSON property the part appears under (camelCase, as the rest of the API).</param>
    public static IServiceCollection AddStatsSource(this IServiceCollection services, string name, Func<IServiceProvider, object> read) =>
        services.AddSingleton(new StatsSource(name, read));
}
