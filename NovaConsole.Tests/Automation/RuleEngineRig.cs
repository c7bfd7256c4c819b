using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NovaConsole.Automation;
using NovaConsole.Commands;
using NovaConsole.Data;
using NovaConsole.Devices.Presence;
using NovaConsole.Telemetry;
using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Automation;

/// <summary>
/// A rule engine built by hand over a real app's database and telemetry, on a manual clock, fed by a notification
/// service of its own (the app's own engine never sees its rules). Several rigs in turn over one app are restarts.
/// </summary>
internal sealed class RuleEngineRig : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public RuleEngineRig(AppHost host, ManualTimeProvider time)
    {
        Host = host;
        Time = time;
        var db = host.Services.GetRequiredService<IDbContextFactory<NovaDbContext>>();
        var options = Options.Create(new AutomationOptions());
        Store = new AutomationStore(db, time);
        Metrics = new AutomationMetrics();
        Alarms = new AlarmService(db, time);
        var actions = new RuleActions(host.Services.GetRequiredService<CommandService>(), host.Services.GetRequiredService<CommandStore>(),
            host.Services.GetRequiredService<CommandNotifications>(), Alarms,
            host.Services.GetRequiredService<WebhookSender>(), Store, Metrics, Options.Create(new CommandsOptions()), time);
        var facts = new ConditionFactsReader(host.Services.GetRequiredService<LatestValues>(), Presence, Alarms);
        RuleRunner? runner = null;
        DelayClock = new TimerDelayClock(time, runId => runner!.ResumeAsync(runId));
        Runner = runner = new RuleRunner(Store, actions, facts, DelayClock, Metrics, options, time, NullLogger<RuleRunner>.Instance);
        Engine = new RuleEngine(Store, Runner, Notifications, host.Services.GetRequiredService<TelemetrySeries>(), Presence,
            host.Services.GetRequiredService<NovaConsole.Devices.DeviceEvents>(), host.Services.GetRequiredService<NovaConsole.Devices.DeviceAttributes>(),
            host.Services.GetRequiredService<CommandNotifications>(), Metrics, options, time,
            NullLogger<RuleEngine>.Instance);
    }

    public AppHost Host { get; }
    public ManualTimeProvider Time { get; }
    public AutomationStore Store { get; }
    public AutomationMetrics Metrics { get; }
    public AlarmService Alarms { get; }
    public TimerDelayClock DelayClock { get; }
    public RuleRunner Runner { get; }
    public RuleEngine Engine { get; }
    public TelemetryNotifications Notifications { get; } = new(NullLogger<TelemetryNotifications>.Instance);
    public DevicePresence Presence => _presence ??= new DevicePresence(Time);
    private DevicePresence? _presence;

    public async Task StartAsync()
    {
        await Engine.StartAsync(_stop.Token);
        await Engine.Started;
    }

    public async Task<long> AddRuleAsync(string bodyJson)
    {
        using var body = System.Text.Json.JsonDocument.Parse(bodyJson);
        var definition = RuleParser.Parse(body.RootElement);
        var record = await Store.InsertRuleAsync(definition.Name, true, bodyJson, CancellationToken.None);
        await Engine.ReloadAsync();
        return record.Id;
    }

    /// <summary>A reading stored through the app's real ingest (so it is the latest stored value) and, unless told otherwise, evaluated.</summary>
    public async Task ReadingAsync(string deviceId, string key, double value, bool evaluate = true)
    {
        var message = new TelemetryMessage(deviceId, Time.GetUtcNow(), [new TelemetryReading(key, TelemetryValue.FromNumber(value))]);
        await Host.Services.GetRequiredService<TelemetryIngest>().StoreAsync(message, CancellationToken.None);
        if (evaluate) Notifications.Publish([message]);
    }

    public Task<RuleState> StateWhenAsync(long ruleId, string deviceId, Func<RuleState, bool> condition) =>
        Eventually.GetAsync(async () => await Engine.StateAsync(ruleId, deviceId) ?? RuleState.Initial(DateTimeOffset.MinValue), condition, TimeSpan.FromSeconds(20))!;

    public async Task<List<RuleRunRecord>> FinishedRunsAsync(long ruleId)
    {
        await Runner.WhenIdleAsync();
        return await Store.ListRunsAsync(ruleId, 100, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Engine.StopAsync(CancellationToken.None);
        await Runner.WhenIdleAsync();
        DelayClock.Dispose();
        Metrics.Dispose();
        _stop.Dispose();
    }
}
