using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Automation;
using NovaConsole.Data;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NovaConsole.Tests.Automation;

/// <summary>
/// Issue 13's benchmark, in process (no MQTT socket): ingest through the real telemetry writer with no rules and with
/// 1,000 enabled threshold rules over 1,000 devices, unpaced (throughput) and paced at 2,000 msg/s (commit latency, what
/// a QoS 1 PUBACK waits for, and decision latency: commit to the run's end, its alarm action written). Printed, never
/// asserted; bounded (a few tens of thousands of messages per phase).
/// </summary>
[Trait("Category", "Measurement")]
public sealed class AutomationLoadMeasurement(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Devices = 1000;
    private const int Rules = 1000;
    private const int UnpacedMessages = 20_000;
    private const int PacedRate = 2000;
    private const int PacedSeconds = 10;

    private AppHost host = null!;

    public async Task InitializeAsync() => host = await AppHost.StartAsync("--Automation:MaxFiresPerMinute=1000");

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static string Device(int d) => $"BENCH-{d:D4}";

    /// <summary>
    /// Round r sends one reading to every device; device d is above 30 in every <see cref="period"/>-th round (its own),
    /// else 25: 1,000 / period crossings per round (at 2,000 msg/s, two rounds a second).
    /// </summary>
    private int period = 20;

    private double Value(long seq) => ((seq / Devices) + seq % Devices) % period == 0 ? 31 + seq : 25;

    private sealed record Phase(double MessagesPerSecond, double CommitP50Ms, double CommitP99Ms, List<(double Value, long CommittedTicks)> Crossings);

    private async Task<Phase> RunAsync(long firstSeq, int messages, int? rate)
    {
        var ingest = host.Services.GetRequiredService<TelemetryIngest>();
        var latencies = new double[messages];
        var crossings = new List<(double, long)>();
        var pending = new List<Task>(messages);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            if (rate is { } r)
            {
                var due = TimeSpan.FromSeconds((double)i / r);
                if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
            }
            var seq = firstSeq + i;
            var value = Value(seq);
            var sent = Stopwatch.GetTimestamp();
            var admission = await ingest.AcceptAsync(new TelemetryMessage(Device((int)(seq % Devices)), DateTimeOffset.UtcNow,
                [new TelemetryReading("temperature", TelemetryValue.FromNumber(value))]), CancellationToken.None);
            var index = i;
            pending.Add(admission.Stored.ContinueWith(_ =>
            {
                var now = Stopwatch.GetTimestamp();
                latencies[index] = Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds;
                if (value > 30) lock (crossings) crossings.Add((value, DateTime.UtcNow.Ticks));
            }, TaskScheduler.Default));
        }
        await Task.WhenAll(pending);
        clock.Stop();
        Array.Sort(latencies);
        return new Phase(messages / clock.Elapsed.TotalSeconds, latencies[messages / 2], latencies[(int)(messages * 0.99)], crossings);
    }

    /// <param name="crossingPeriod">20: 100 firings/s at 2,000 msg/s (a stress case); 400: 5 firings/s.</param>
    [Theory]
    [InlineData(20)]
    [InlineData(400)]
    public async Task Ingest_and_decision_latency_with_a_thousand_rules_over_a_thousand_devices(int crossingPeriod)
    {
        period = crossingPeriod;
        var engine = host.Services.GetRequiredService<RuleEngine>();
        var runner = host.Services.GetRequiredService<RuleRunner>();
        var store = host.Services.GetRequiredService<AutomationStore>();
        var metrics = host.Services.GetRequiredService<AutomationMetrics>();
        await engine.Started;
        // Warm-up, then without rules.
        await RunAsync(0, 2000, null);
        var bareUnpaced = await RunAsync(100_000, UnpacedMessages, null);
        var barePaced = await RunAsync(200_000, PacedRate * PacedSeconds, PacedRate);

        for (var i = 0; i < Rules; i++)
        {
            await store.InsertRuleAsync($"hot {i}", true, $$"""
                {"name": "hot {{i}}", "trigger": {"kind": "threshold", "deviceId": "{{Device(i)}}", "key": "temperature", "operator": ">", "value": 30},
                 "actions": [{"kind": "alarm.raise", "type": "hot", "severity": "minor"}]}
                """, CancellationToken.None);
        }
        var loading = Stopwatch.StartNew();
        await engine.ReloadAsync();
        loading.Stop();
        await RunAsync(300_000, 2000, null);
        await runner.WhenIdleAsync();
        var rulesUnpaced = await RunAsync(400_000, UnpacedMessages, null);
        await Eventually.GetAsync(() => Task.FromResult(engine.Backlog), b => b == 0, TimeSpan.FromSeconds(120));
        await runner.WhenIdleAsync();
        var runsBefore = await CountRunsAsync();
        var rulesPaced = await RunAsync(500_000, PacedRate * PacedSeconds, PacedRate);
        var backlogAtEnd = engine.Backlog;
        await Eventually.GetAsync(() => Task.FromResult(engine.Backlog), b => b == 0, TimeSpan.FromSeconds(120));
        await runner.WhenIdleAsync();

        // Decision latency: from the commit of a crossing reading to its run's end (the alarm action written).
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>().CreateDbContextAsync();
        var runs = await db.RuleRuns.AsNoTracking().Where(r => r.TriggerValue >= 31 + 500_000).Select(r => new { r.TriggerValue, r.FiredAtUtc, r.FinishedUtc, r.Status }).ToListAsync();
        var byValue = runs.ToDictionary(r => r.TriggerValue!.Value);
        var decided = new List<double>();
        var evaluated = new List<double>();
        foreach (var (value, committed) in rulesPaced.Crossings)
        {
            if (!byValue.TryGetValue(value, out var run) || run.FinishedUtc is not { } finished) continue;
            decided.Add(TimeSpan.FromTicks(finished.Ticks - committed).TotalMilliseconds);
            evaluated.Add(TimeSpan.FromTicks(run.FiredAtUtc.Ticks - committed).TotalMilliseconds);
        }
        decided.Sort();
        evaluated.Sort();
        var stats = metrics.Snapshot();
        double P(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];

        output.WriteLine($"crossing period {period} rounds ({PacedRate * 1000 / Devices / period} firings/s when paced); rules loaded: {Rules} in {loading.ElapsedMilliseconds} ms");
        output.WriteLine($"unpaced ingest, {UnpacedMessages} msgs: no rules {bareUnpaced.MessagesPerSecond:N0} msg/s; 1,000 rules {rulesUnpaced.MessagesPerSecond:N0} msg/s ({100 * rulesUnpaced.MessagesPerSecond / bareUnpaced.MessagesPerSecond:N0}%)");
        output.WriteLine($"paced {PacedRate} msg/s for {PacedSeconds} s, commit latency p50/p99: no rules {barePaced.CommitP50Ms:N2}/{barePaced.CommitP99Ms:N2} ms; 1,000 rules {rulesPaced.CommitP50Ms:N2}/{rulesPaced.CommitP99Ms:N2} ms; achieved {rulesPaced.MessagesPerSecond:N0} msg/s");
        output.WriteLine($"paced crossings {rulesPaced.Crossings.Count}, runs found {decided.Count} (runs in the table since: {await CountRunsAsync() - runsBefore}); engine backlog at the end of sending {backlogAtEnd}");
        output.WriteLine($"commit -> evaluated (run fired) p50/p99/max: {P(evaluated, 0.5):N1}/{P(evaluated, 0.99):N1}/{P(evaluated, 1):N1} ms");
        output.WriteLine($"commit -> run ended (alarm action written) p50/p99/max: {P(decided, 0.5):N1}/{P(decided, 0.99):N1}/{P(decided, 1):N1} ms");
        output.WriteLine($"automation counters: evaluated {stats.Evaluated}, fired {stats.Fired}, runs dropped {stats.RunsDropped}, messages not evaluated {stats.MessagesNotEvaluated}");
        output.WriteLine($"process working set {Process.GetCurrentProcess().WorkingSet64 / 1048576} MB, managed heap {GC.GetTotalMemory(false) / 1048576} MB");
        Assert.NotEmpty(decided);
    }

    private async Task<int> CountRunsAsync()
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>().CreateDbContextAsync();
        return await db.RuleRuns.CountAsync();
    }
}
