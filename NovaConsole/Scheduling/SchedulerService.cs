using System.Collections.Specialized;
using Quartz;
using Quartz.Impl;

namespace NovaConsole.Scheduling;

/// <summary>Starts one in-memory Quartz scheduler with every registered <see cref="ScheduledJob"/>, and stops it with the host.</summary>
internal sealed partial class SchedulerService(IEnumerable<ScheduledJob> jobs, ServiceProviderJobFactory jobFactory, ILogger<SchedulerService> logger) : IHostedService
{
    private IScheduler? _scheduler;

    public IScheduler Scheduler => _scheduler ?? throw new InvalidOperationException("The scheduler has not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var factory = new StdSchedulerFactory(new NameValueCollection
        {
            // Quartz keeps schedulers in a process-wide registry by name; hosts sharing a process (tests) need their own.
            ["quartz.scheduler.instanceName"] = $"NovaConsole-{Guid.NewGuid():N}",
            ["quartz.threadPool.maxConcurrency"] = "4",
            ["quartz.jobStore.type"] = "Quartz.Simpl.RAMJobStore, Quartz",
        });
        _scheduler = await factory.GetScheduler(cancellationToken);
        _scheduler.JobFactory = jobFactory;
        foreach (var job in jobs)
        {
            var detail = JobBuilder.Create(job.JobType).WithIdentity(job.Name).Build();
            var trigger = TriggerBuilder.Create().WithIdentity(job.Name)
                .WithCronSchedule(job.Cron, cron => cron.InTimeZone(TimeZoneInfo.Utc).WithMisfireHandlingInstructionFireAndProceed())
                .Build();
            await _scheduler.ScheduleJob(detail, trigger, cancellationToken);
            LogScheduled(logger, job.Name, job.Cron);
        }
        await _scheduler.Start(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is not null) await _scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
    }

    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "Scheduled job {Name} ({Cron}, UTC)")]
    private static partial void LogScheduled(ILogger logger, string name, string cron);
}
