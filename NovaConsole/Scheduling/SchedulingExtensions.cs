using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;

namespace NovaConsole.Scheduling;

internal static class SchedulingExtensions
{
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        // Storage and activator belong to this host, registered before AddHangfire so they win over its defaults
        // (Hangfire's process-wide JobStorage.Current and JobActivator.Current: several hosts share a test process).
        builder.Services.AddSingleton<JobStorage>(_ => new InMemoryStorage(new InMemoryStorageOptions()));
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        builder.Services.AddHostedService<HangfireServerService>();
        builder.Services.AddHostedService<RecurringJobRegistrar>();
        return builder;
    }

    /// <summary>
    /// Declares a recurring job. <paramref name="cron"/> has five fields (minute first) and is read in
    /// <paramref name="timeZone"/> (an IANA name; UTC unless given). See Scheduling/README.md for what a job must promise.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, string cron, string timeZone = "UTC", bool runAtStart = false)
        where TJob : class, IScheduledJob
    {
        services.AddTransient<TJob>();
        services.AddSingleton(new RecurringJobDefinition(id, typeof(TJob), cron, timeZone, runAtStart));
        return services;
    }
}
