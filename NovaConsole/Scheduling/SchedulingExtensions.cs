using Quartz;

namespace NovaConsole.Scheduling;

internal static class SchedulingExtensions
{
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ServiceProviderJobFactory>();
        builder.Services.AddSingleton<SchedulerService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SchedulerService>());
        return builder;
    }

    public static IServiceCollection AddScheduledJob<TJob>(this IServiceCollection services, string name, string cron) where TJob : class, IJob
    {
        services.AddTransient<TJob>();
        services.AddSingleton(new ScheduledJob(typeof(TJob), name, cron));
        return services;
    }
}
