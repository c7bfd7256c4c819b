using Hangfire;
using Hangfire.Common;

namespace NovaConsole.Scheduling;

/// <summary>
/// The one place recurring jobs reach Hangfire: at start, every declared <see cref="RecurringJobDefinition"/> is
/// registered (Hangfire's in-memory storage starts empty each time), and those marked RunAtStart are run once now.
/// </summary>
internal sealed class RecurringJobRegistrar(
    IEnumerable<RecurringJobDefinition> definitions,
    IRecurringJobManager recurringJobs,
    ILogger<RecurringJobRegistrar> logger) : IHostedService
{
    private static readonly System.Reflection.MethodInfo Run = typeof(IScheduledJob).GetMethod(nameof(IScheduledJob.RunAsync))!;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var definition in definitions)
        {
            // Hangfire puts its own shutdown token in place of this one when the job runs.
            var job = new Job(definition.JobType, Run, CancellationToken.None);
            recurringJobs.AddOrUpdate(definition.Id, job, definition.Cron, new RecurringJobOptions { TimeZone = FindTimeZone(definition) });
            SchedulingLog.Registered(logger, definition.Id, definition.Cron, definition.TimeZone);
        }
        foreach (var definition in definitions.Where(d => d.RunAtStart))
        {
            recurringJobs.Trigger(definition.Id);
            SchedulingLog.TriggeredAtStart(logger, definition.Id);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static TimeZoneInfo FindTimeZone(RecurringJobDefinition definition)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(definition.TimeZone);
        }
        catch (TimeZoneNotFoundException e)
        {
            // Named zones come from the system's tz database (Debian: tzdata); say so instead of a bare lookup failure.
            throw new InvalidOperationException(
                $"Recurring job {definition.Id}: time zone '{definition.TimeZone}' is unknown here (is the tz database, e.g. Debian's tzdata, installed?).", e);
        }
    }
}
