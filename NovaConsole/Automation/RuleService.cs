using System.Text.Json;
using System.Text.Json.Nodes;
using NovaConsole.Devices;
using NovaConsole.Shared;
using NovaConsole.Telemetry;

namespace NovaConsole.Automation;

/// <summary>A rule as the console's list shows it.</summary>
internal sealed record RuleSummary(long Id, string Name, bool Enabled, string? DisabledReason, string TriggerKind);

/// <summary>A run as the API shows it.</summary>
internal sealed record RuleRunView(long Id, long RuleId, string DeviceId, string Reason, double? TriggerValue, DateTime FiredAtUtc, int Depth,
    string Status, string? Detail, JsonElement Steps, DateTime? FinishedUtc, JsonElement? Conditions);

/// <summary>One firing found by a backtest: when, why, the value, and what the actions would have sent.</summary>
internal sealed record BacktestFiring(DateTimeOffset At, string Reason, double? Value, IReadOnlyList<BacktestAction> WouldSend);

internal sealed record BacktestAction(string Kind, string Target, string? Name, JsonElement? Params);

internal sealed record BacktestResult(long RuleId, string DeviceId, string Key, DateTimeOffset From, DateTimeOffset To, long PointsReplayed, IReadOnlyList<BacktestFiring> Firings);

/// <summary>Rules through the API: checked bodies, devices that exist, enable/disable, runs and the backtest.</summary>
internal sealed class RuleService(AutomationStore store, RuleEngine engine, RuleRunner runner, DeviceRegistry devices, TelemetryStore telemetry, RuleTrial trial)
{
    public const int MaxBacktestFirings = 1000;
    public static readonly TimeSpan MaxBacktestSpan = TimeSpan.FromDays(31);

    public async Task<Outcome<JsonObject>> CreateAsync(JsonElement body, CancellationToken ct)
    {
        var checkedBody = await CheckAsync(body, ct);
        if (!checkedBody.Succeeded) return checkedBody.Error is { } e ? Outcome.Invalid(e) : default;
        var definition = checkedBody.Value!;
        var record = await store.InsertRuleAsync(definition.Name, definition.Enabled, body.GetRawText(), ct);
        await engine.ReloadAsync(ct);
        return Outcome<JsonObject>.Ok(View(record));
    }

    public async Task<Outcome<JsonObject>> UpdateAsync(long id, JsonElement body, CancellationToken ct)
    {
        var checkedBody = await CheckAsync(body, ct);
        if (!checkedBody.Succeeded) return Outcome.Invalid(checkedBody.Error!);
        var definition = checkedBody.Value!;
        var record = await store.UpdateRuleAsync(id, definition.Name, definition.Enabled, body.GetRawText(), ct);
        if (record is null) return NotFound(id);
        await engine.ReloadAsync(ct);
        return Outcome<JsonObject>.Ok(View(record));
    }

    public async Task<Outcome<JsonObject>> SetEnabledAsync(long id, bool enabled, CancellationToken ct)
    {
        if (!await store.SetEnabledAsync(id, enabled, enabled ? null : "Disabled by a user.", ct)) return NotFound(id);
        runner.Reset(id);
        await engine.ReloadAsync(ct);
        return Outcome<JsonObject>.Ok(View((await store.GetRuleAsync(id, ct))!));
    }

    public async Task<Outcome> DeleteAsync(long id, CancellationToken ct)
    {
        if (!await store.DeleteRuleAsync(id, ct)) return Outcome.NotFound($"No rule with id {id}.");
        await engine.ReloadAsync(ct);
        return Outcome.Ok();
    }

    public async Task<JsonObject?> GetAsync(long id, CancellationToken ct) => await store.GetRuleAsync(id, ct) is { } r ? View(r) : null;

    public async Task<List<JsonObject>> ListAsync(CancellationToken ct) => (await store.ListRulesAsync(ct)).Select(View).ToList();

    public async Task<List<RuleSummary>> SummariesAsync(CancellationToken ct) =>
        (await store.ListRulesAsync(ct)).Select(r => new RuleSummary(r.Id, r.Name, r.Enabled, r.DisabledReason,
            (JsonNode.Parse(r.BodyJson)?["trigger"]?["kind"] as JsonValue)?.ToString() ?? "")).ToList();

    public async Task<Outcome<List<RuleRunView>>> RunsAsync(long id, int take, CancellationToken ct)
    {
        if (await store.GetRuleAsync(id, ct) is null) return Outcome.NotFound($"No rule with id {id}.");
        var runs = await store.ListRunsAsync(id, take, ct);
        return Outcome<List<RuleRunView>>.Ok(runs.Select(r => new RuleRunView(r.Id, r.RuleId, r.DeviceId, r.Reason, r.TriggerValue, r.FiredAtUtc, r.Depth,
            r.Status, r.Detail, JsonDocument.Parse(r.StepsJson).RootElement.Clone(), r.FinishedUtc,
            r.ConditionsJson is null ? null : JsonDocument.Parse(r.ConditionsJson).RootElement.Clone())).ToList());
    }

    /// <summary>
    /// Replays the device's stored telemetry through the rule's own state machine on a virtual clock (for, deadband,
    /// cooldown, repeat), starting from unknown as a freshly enabled rule would, and lists what it would have sent.
    /// </summary>
    public async Task<Outcome<BacktestResult>> BacktestAsync(long id, string? deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var record = await store.GetRuleAsync(id, ct);
        if (record is null) return NotFound(id);
        var rule = LoadedRule.From(record);
        if (string.IsNullOrWhiteSpace(deviceId)) return Outcome.Invalid("deviceId: required.");
        if (await devices.GetAsync(deviceId, ct) is not { } device) return Outcome.Invalid($"deviceId: no device with id '{DeviceRules.Shorten(deviceId)}'.");
        if (to <= from) return Outcome.Invalid("to must be after from.");
        if (to - from > MaxBacktestSpan) return Outcome.Invalid($"A backtest covers at most {MaxBacktestSpan.TotalDays} days.");
        if (rule.Trigger.Key is not { } key)
        {
            return Outcome.Invalid("Backtests replay stored telemetry of one key: connection and event triggers, and no-data triggers without a key, have none to replay.");
        }
        long count = 0;
        var points = new List<ReplayPoint>();
        await foreach (var point in telemetry.ReadPointsAsync(device.DeviceId, key, from, to, ct))
        {
            count++;
            points.Add(new ReplayPoint(point.At, point.Value.Kind is TelemetryValueKind.Number or TelemetryValueKind.Boolean ? point.Value.Number : null));
        }
        var firings = RuleReplay.Run(rule.Machine, points, from, to, MaxBacktestFirings);
        var wouldSend = rule.Definition.Actions.Select(a => new BacktestAction(RuleActions.Word(a.Kind),
            a.Target.DeviceId is null && a.Target.Tag is null ? $"device:{device.DeviceId}" : a.Target.ToString(), a.Name ?? a.AlarmType ?? a.Url, a.Params)).ToList();
        return Outcome<BacktestResult>.Ok(new BacktestResult(id, device.DeviceId, key, from, to, count,
            firings.Select(f => new BacktestFiring(f.At, f.Reason.ToString(), f.Value, wouldSend)).ToList()));
    }

    /// <summary>Checks a body as the API would (the editor validates as you type): the definition, or why not.</summary>
    public async Task<Outcome<RuleDefinition>> ValidateAsync(string json, CancellationToken ct)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return await CheckAsync(document.RootElement, ct);
        }
        catch (JsonException e)
        {
            return Outcome.Invalid($"Not JSON: {e.Message}");
        }
    }

    /// <summary>"Try it": the rule against the devices' latest values, without acting.</summary>
    public async Task<Outcome<TrialResult>> TryAsync(string json, CancellationToken ct)
    {
        var checkedBody = await ValidateAsync(json, ct);
        if (!checkedBody.Succeeded) return Outcome.Invalid(checkedBody.Error!);
        return Outcome<TrialResult>.Ok(await trial.RunAsync(checkedBody.Value!, ct));
    }

    public async Task<Outcome<JsonObject>> CreateAsync(string json, CancellationToken ct)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return await CreateAsync(document.RootElement.Clone(), ct);
        }
        catch (JsonException e)
        {
            return Outcome.Invalid($"Not JSON: {e.Message}");
        }
    }

    public async Task<Outcome<JsonObject>> UpdateAsync(long id, string json, CancellationToken ct)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return await UpdateAsync(id, document.RootElement.Clone(), ct);
        }
        catch (JsonException e)
        {
            return Outcome.Invalid($"Not JSON: {e.Message}");
        }
    }

    /// <summary>The rule's stored body (as sent, without the server's fields), for the editor.</summary>
    public async Task<RuleRecord?> RecordAsync(long id, CancellationToken ct) => await store.GetRuleAsync(id, ct);

    private async Task<Outcome<RuleDefinition>> CheckAsync(JsonElement body, CancellationToken ct)
    {
        RuleDefinition definition;
        try
        {
            definition = RuleParser.Parse(body);
        }
        catch (RuleInvalidException e)
        {
            return Outcome.Invalid(e.Message);
        }
        if (definition.Trigger.Scope.DeviceId is { } deviceId && await devices.GetAsync(deviceId, ct) is null)
        {
            return Outcome.Invalid($"trigger.deviceId: no device with id '{DeviceRules.Shorten(deviceId)}'.");
        }
        foreach (var leaf in ConditionCheck.Leaves(definition.Conditions))
        {
            var named = leaf switch { ValueCondition v => v.DeviceId, OnlineCondition o => o.DeviceId, AlarmActiveCondition a => a.DeviceId, _ => null };
            if (named is not null && await devices.GetAsync(named, ct) is null)
            {
                return Outcome.Invalid($"conditions: no device with id '{DeviceRules.Shorten(named)}'.");
            }
        }
        for (var i = 0; i < definition.Actions.Count; i++)
        {
            if (definition.Actions[i].Target.DeviceId is { } target && await devices.GetAsync(target, ct) is null)
            {
                return Outcome.Invalid($"actions[{i}].target: no device with id '{DeviceRules.Shorten(target)}'.");
            }
        }
        return Outcome<RuleDefinition>.Ok(definition);
    }

    private static Outcome NotFound(long id) => Outcome.NotFound($"No rule with id {id}.");

    private static JsonObject View(RuleRecord record)
    {
        var view = JsonNode.Parse(record.BodyJson) as JsonObject ?? [];
        view["id"] = record.Id;
        view["name"] = record.Name;
        view["enabled"] = record.Enabled;
        view["disabledReason"] = record.DisabledReason;
        view["revision"] = record.Revision;
        view["createdUtc"] = record.CreatedUtc;
        view["updatedUtc"] = record.UpdatedUtc;
        return view;
    }
}
