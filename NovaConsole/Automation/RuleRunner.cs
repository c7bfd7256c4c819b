using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace NovaConsole.Automation;

/// <summary>
/// Turns a firing into a run: the conditions (not met: a run that says why, and nothing else), the breaker (a rule firing too often is disabled), the loop guard (a chain of runs through
/// the devices they command, dropped beyond a depth), at most one run per (rule, device) in flight, then the actions in
/// order, with every step and the outcome stored in the run.
/// </summary>
internal sealed partial class RuleRunner(
    AutomationStore store,
    RuleActions actions,
    ConditionFactsReader conditions,
    IRuleDelayClock delayClock,
    AutomationMetrics metrics,
    IOptions<AutomationOptions> options,
    TimeProvider time,
    ILogger<RuleRunner> logger)
{
    private readonly ConcurrentDictionary<(long, string), byte> _inFlight = new(PairComparer.Instance);
    private readonly ConcurrentDictionary<string, Chain> _commanded = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, Queue<DateTimeOffset>> _recentFires = [];
    private readonly HashSet<long> _tripped = [];
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private long _nextTask;

    /// <summary>Told when the breaker disabled a rule (the engine drops it).</summary>
    public Func<long, Task>? RuleDisabled { get; set; }

    /// <summary>Starts a run off the caller's path (the evaluation loop never waits for actions).</summary>
    public void Fire(LoadedRule rule, string deviceId, Firing firing)
    {
        var id = Interlocked.Increment(ref _nextTask);
        var task = Task.Run(() => RunAsync(rule, deviceId, firing));
        _running[id] = task;
        task.ContinueWith(_ => _running.TryRemove(id, out Task? _), TaskScheduler.Default);
    }

    /// <summary>Runs a firing and returns when it ended (schedules run their occurrences one after another).</summary>
    public Task FireAndWaitAsync(LoadedRule rule, string deviceId, Firing firing) => RunAsync(rule, deviceId, firing);

    /// <summary>Runs still going (for shutdown and tests).</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_running.Values);

    /// <summary>Forgets a rule's breaker history (it was re-enabled or changed).</summary>
    public void Reset(long ruleId)
    {
        lock (_recentFires)
        {
            _recentFires.Remove(ruleId);
            _tripped.Remove(ruleId);
        }
    }

    private async Task RunAsync(LoadedRule rule, string deviceId, Firing firing)
    {
        var now = time.GetUtcNow();
        try
        {
            var checkedConditions = await conditions.EvaluateAsync(rule.Definition, deviceId, now, CancellationToken.None);
            if (!checkedConditions.Met)
            {
                metrics.NotMet();
                var notMet = NewRun(rule, deviceId, firing, 0, RunStatus.NotMet, "The conditions were not met: no action ran.", checkedConditions);
                notMet.FinishedUtc = notMet.FiredAtUtc;
                await store.InsertRunAsync(notMet, CancellationToken.None);
                return;
            }
            if (Breaker(rule.Id, now) is { } tripped)
            {
                if (tripped.Length > 0)
                {
                    AutomationLog.BreakerTripped(logger, rule.Id, tripped);
                    await store.SetEnabledAsync(rule.Id, false, tripped, CancellationToken.None);
                    if (RuleDisabled is { } disabled) await disabled(rule.Id);
                    await DropAsync(rule, deviceId, firing, 0, tripped);
                }
                return;
            }
            var depth = _commanded.TryGetValue(deviceId, out var chain) && now - chain.At <= TimeSpan.FromSeconds(options.Value.LoopWindowSeconds) ? chain.Depth + 1 : 0;
            if (depth > options.Value.MaxLoopDepth)
            {
                await DropAsync(rule, deviceId, firing, depth,
                    $"Loop suspected: {deviceId} was commanded by run {chain.RunId} (depth {chain.Depth}) {(now - chain.At).TotalSeconds:0.#} s ago; beyond depth {options.Value.MaxLoopDepth} runs are dropped.");
                return;
            }
            if (!_inFlight.TryAdd((rule.Id, deviceId), 0))
            {
                await DropAsync(rule, deviceId, firing, depth, "A run of this rule for this device is still in flight.");
                return;
            }
            var handedOver = false;
            try
            {
                var run = await store.InsertRunAsync(NewRun(rule, deviceId, firing, depth, RunStatus.Running, null, checkedConditions), CancellationToken.None);
                metrics.Fired();
                AutomationLog.Fired(logger, rule.Id, deviceId, firing.Reason.ToString(), run.Id);
                // From here the run gives its turn back itself (a run waiting in a delay keeps it until it ends).
                handedOver = true;
                await ContinueAsync(rule, run.Id, deviceId, firing, depth, 0, []);
            }
            finally
            {
                if (!handedOver) _inFlight.TryRemove((rule.Id, deviceId), out _);
            }
        }
        catch (Exception e)
        {
            AutomationLog.RunCrashed(logger, e, rule.Id, 0, e.Message);
        }
    }

    /// <summary>Runs the actions from <paramref name="from"/>; true when the run stopped at a delay (stored, and woken by the delay clock).</summary>
    private async Task<bool> ContinueAsync(LoadedRule rule, long runId, string deviceId, Firing firing, int depth, int from, List<RunStep> steps)
    {
        var context = new RunContext(rule, runId, deviceId, firing, depth,
            commanded => _commanded[commanded] = new Chain(runId, depth, time.GetUtcNow()));
        string status;
        string? detail = null;
        try
        {
            if (await actions.RunAsync(context, from, steps, CancellationToken.None) is { } paused)
            {
                await store.SaveDelayAsync(new RuleDelayRecord
                {
                    RunId = runId, RuleId = rule.Id, Revision = rule.Revision, DeviceId = deviceId, NextAction = paused.NextAction,
                    DueUtc = paused.Due.UtcDateTime, Depth = depth, StepsJson = JsonSerializer.Serialize(steps, RunStep.Json),
                }, CancellationToken.None);
                delayClock.WakeAt(runId, paused.Due);
                return true;
            }
            var failed = steps.FirstOrDefault(s => s.Outcome == RunStep.Failed);
            status = failed is null ? RunStatus.Succeeded : RunStatus.Failed;
            if (failed is not null) detail = $"Action {failed.Index + 1} ({failed.Kind}) failed: {failed.Detail}";
        }
        catch (Exception e)
        {
            AutomationLog.RunCrashed(logger, e, rule.Id, runId, e.Message);
            (status, detail) = (RunStatus.Failed, $"The run stopped: {e.Message}");
        }
        // The turn ends before the run is stored as ended, so a test that sees the end can fire again at once.
        _inFlight.TryRemove((rule.Id, deviceId), out _);
        await store.FinishRunAsync(runId, status, detail, JsonSerializer.Serialize(steps, RunStep.Json), CancellationToken.None);
        AutomationLog.RunEnded(logger, rule.Id, runId, status);
        return false;
    }

    /// <summary>Null: go on. Empty: already tripped, drop silently. Otherwise: tripped now, with the reason.</summary>
    private string? Breaker(long ruleId, DateTimeOffset now)
    {
        lock (_recentFires)
        {
            if (_tripped.Contains(ruleId)) return "";
            if (!_recentFires.TryGetValue(ruleId, out var fires)) _recentFires[ruleId] = fires = new Queue<DateTimeOffset>();
            while (fires.Count > 0 && now - fires.Peek() >= TimeSpan.FromMinutes(1)) fires.Dequeue();
            fires.Enqueue(now);
            var max = options.Value.MaxFiresPerMinute;
            if (fires.Count <= max) return null;
            _tripped.Add(ruleId);
            return $"Breaker: the rule fired more than {max} times in a minute (setting Automation:MaxFiresPerMinute) and was disabled at {now:u}. Re-enable it by hand.";
        }
    }

    private async Task DropAsync(LoadedRule rule, string deviceId, Firing firing, int depth, string why)
    {
        metrics.Dropped();
        AutomationLog.Dropped(logger, rule.Id, deviceId, why);
        var run = NewRun(rule, deviceId, firing, depth, RunStatus.Dropped, why);
        run.FinishedUtc = run.FiredAtUtc;
        await store.InsertRunAsync(run, CancellationToken.None);
    }

    private static RuleRunRecord NewRun(LoadedRule rule, string deviceId, Firing firing, int depth, string status, string? detail,
        ConditionOutcome? checkedConditions = null) => new()
    {
        ConditionsJson = rule.Definition.Conditions is null || checkedConditions is null ? null : JsonSerializer.Serialize(checkedConditions.Results, RunStep.Json),
        RuleId = rule.Id,
        DeviceId = deviceId,
        Reason = firing.Reason.ToString(),
        TriggerValue = firing.Value is { } v && double.IsFinite(v) ? v : null,
        FiredAtUtc = firing.At.UtcDateTime,
        Depth = depth,
        Status = status,
        Detail = detail,
    };

    private readonly record struct Chain(long RunId, int Depth, DateTimeOffset At);
}

/// <summary>What the actions of one run know: the rule, the run, the device that triggered it, and how to mark a device commanded.</summary>
internal sealed record RunContext(LoadedRule Rule, long RunId, string DeviceId, Firing Firing, int Depth, Action<string> Commanded);

/// <summary>One action of a run as the run history shows it.</summary>
internal sealed record RunStep(int Index, string Kind, string? DeviceId, string Outcome, string? Detail, long? CommandId = null)
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string Skipped = "skipped";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>(rule, device) keys with device ids compared as the registry does (case-insensitively).</summary>
internal sealed class PairComparer : IEqualityComparer<(long, string)>
{
    public static readonly PairComparer Instance = new();

    public bool Equals((long, string) x, (long, string) y) => x.Item1 == y.Item1 && string.Equals(x.Item2, y.Item2, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode((long, string) obj) => HashCode.Combine(obj.Item1, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Item2));
}
