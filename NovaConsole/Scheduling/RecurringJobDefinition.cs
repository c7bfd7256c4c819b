namespace NovaConsole.Scheduling;

/// <summary>
/// A recurring job as a feature declares it (<see cref="SchedulingExtensions.AddRecurringJob{TJob}"/>).
/// <paramref name="Cron"/> has five fields (minute first); it is read in <paramref name="TimeZone"/>, an IANA name
/// such as "Europe/Berlin" or "UTC". <paramref name="RunAtStart"/> runs the job once as the app starts, for jobs
/// whose catch-up after a stop is simply "do it now".
/// </summary>
internal sealed record RecurringJobDefinition(string Id, Type JobType, string Cron, string TimeZone, bool RunAtStart);
