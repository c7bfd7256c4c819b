using Hangfire;

namespace NovaConsole.Automation;

/// <summary>Wakes a run waiting in a delay action at its due time. The wait itself is in automation_delays; this is only the clock.</summary>
internal interface IRuleDelayClock
{
    void WakeAt(long runId, DateTimeOffset due);
}

/// <summary>
/// Hangfire's delayed job as the clock (Scheduling/README: SQLite is the record, Hangfire only the clock). Hangfire.InMemory
/// forgets the job at a stop; the engine schedules every stored delay again at start, and a delay due during the
/// downtime resumes then, once.
/// </summary>
internal sealed class HangfireDelayClock(IServiceProvider services) : IRuleDelayClock
{
    public void WakeAt(long runId, DateTimeOffset due) =>
        services.GetRequiredService<IBackgroundJobClient>().Schedule<RuleDelayJob>(j => j.RunAsync(runId, CancellationToken.None), due);
}

/// <summary>A run's delay ended: go on with its next action (a second call for the same delay does nothing).</summary>
[AutomaticRetry(Attempts = 0)]
internal sealed class RuleDelayJob(RuleRunner runner)
{
    public Task RunAsync(long runId, CancellationToken ct) => runner.ResumeAsync(runId);
}

/// <summary>A <see cref="TimeProvider"/> timer as the clock (tests on a manual clock, where Hangfire's real-time polling cannot follow).</summary>
internal sealed class TimerDelayClock(TimeProvider time, Func<long, Task> resume) : IRuleDelayClock, IDisposable
{
    private readonly List<ITimer> _timers = [];

    public void WakeAt(long runId, DateTimeOffset due)
    {
        var wait = due - time.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            _ = Task.Run(() => resume(runId));
            return;
        }
        lock (_timers) _timers.Add(time.CreateTimer(_ => _ = resume(runId), null, wait, Timeout.InfiniteTimeSpan));
    }

    public void Dispose()
    {
        lock (_timers) foreach (var timer in _timers) timer.Dispose();
    }
}
