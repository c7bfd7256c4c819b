namespace NovaConsole.Scheduling;

/// <summary>A Quartz job the scheduler runs on a cron schedule (Quartz syntax, seconds first, server time zone UTC).</summary>
internal sealed record ScheduledJob(Type JobType, string Name, string Cron);
