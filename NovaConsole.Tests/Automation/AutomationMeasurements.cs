using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaConsole.Automation;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NovaConsole.Tests.Automation;

/// <summary>Figures for bench/README (issue 13's benchmark): printed, never asserted.</summary>
[Trait("Category", "Measurement")]
public sealed class AutomationMeasurements(ITestOutputHelper output) : SignedInAppTests
{
    [Fact]
    public async Task Backtest_of_seven_days_of_one_key_at_one_point_per_ten_seconds()
    {
        var (deviceId, _) = await CreateDeviceAsync();
        var ingest = Host.Services.GetRequiredService<TelemetryIngest>();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-7).ToUnixTimeSeconds());
        var random = new Random(5);
        Task last = Task.CompletedTask;
        const int points = 7 * 24 * 360;
        for (var i = 0; i < points; i++)
        {
            var value = 25 + 6 * Math.Sin(i / 500.0) + random.NextDouble();
            var admission = await ingest.AcceptAsync(new TelemetryMessage(deviceId, start.AddSeconds(10 * i),
                [new TelemetryReading("temperature", TelemetryValue.FromNumber(value))]), CancellationToken.None);
            last = admission.Stored;
        }
        await last;
        var created = await Admin.PostAsJsonAsync("api/v1/rules", new
        {
            name = "hot", enabled = false,
            trigger = new { kind = "threshold", deviceId, key = "temperature", @operator = ">", value = 30, deadband = 1, @for = "PT5M" },
            actions = new object[] { new { kind = "command", name = "fan" } },
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var stopwatch = Stopwatch.StartNew();
        var response = await Admin.PostAsJsonAsync($"api/v1/rules/{id}/backtest", new { deviceId, from = start, to = start.AddDays(7) });
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        stopwatch.Stop();

        output.WriteLine($"backtest: {result.GetProperty("pointsReplayed").GetInt64()} points, {result.GetProperty("firings").GetArrayLength()} firings, {stopwatch.ElapsedMilliseconds} ms over HTTP");
        Assert.Equal(points, result.GetProperty("pointsReplayed").GetInt64());
    }

    [Fact]
    public void State_machine_steps_per_second_and_memory_of_100000_states()
    {
        var machine = new RuleMachine(new ThresholdTrigger(RuleScope.Everything, "t", ThresholdOperator.Greater, 30, null, 1,
            TimeSpan.FromSeconds(30), TimeSpan.Zero, null), FiringPolicy.Default);
        var now = DateTimeOffset.UtcNow;
        var state = machine.Start(now);
        var stopwatch = Stopwatch.StartNew();
        const int steps = 2_000_000;
        for (var i = 0; i < steps; i++) state = machine.Reading(state, 28 + (i % 5), now, now.AddSeconds(i)).State;
        stopwatch.Stop();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var states = new RuleState[100_000];
        for (var i = 0; i < states.Length; i++) states[i] = new RuleState(RulePhase.Arming, now, now, now.AddSeconds(30), 0, 31, null);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(states);

        output.WriteLine($"state machine: {steps / stopwatch.Elapsed.TotalSeconds:N0} steps/s; 100,000 states: {(after - before) / 1048576.0:N1} MB (state records only)");
    }
}
