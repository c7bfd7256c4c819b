namespace NovaConsole.Scheduling;

/// <summary>
/// A unit of timed work. Hangfire builds the job class from DI in a scope of its own for each run, so a job takes
/// the services it needs in its constructor. A run may repeat (after a restart, a retry, or a catch-up at start):
/// it reads what it must do from SQLite and leaves SQLite in the same state however often it runs.
/// </summary>
internal interface IScheduledJob
{
    /// <param name="cancellationToken">Cancelled when the app shuts down (Hangfire passes its own token in place of the one given).</param>
    Task RunAsync(CancellationToken cancellationToken);
}
