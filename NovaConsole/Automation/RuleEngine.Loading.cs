using NovaConsole.Telemetry;

namespace NovaConsole.Automation;

internal sealed partial class RuleEngine
{
    /// <summary>
    /// At start: the enabled rules, then their stored states through <see cref="RuleMachine.Restore"/>. A pending `for`
    /// whose deadline passed while the process was down fires once, now, only if the latest stored value still qualifies.
    /// </summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        await store.TidyRunsAsync(ct);
        _rules = await LoadRulesAsync(ct);
        IndexRules();
        await runner.WakeStoredDelaysAsync(ct);
        var now = time.GetUtcNow();
        var byId = _rules.ToDictionary(r => r.Id);
        int restored = 0, fired = 0;
        foreach (var record in await store.LoadStatesAsync(ct))
        {
            if (!byId.TryGetValue(record.RuleId, out var rule) || rule.Revision != record.Revision || rule.Trigger is ScheduleTrigger) continue;
            var pair = new Pair(rule, record.DeviceId) { State = record.ToState() };
            pair.Stored = pair.State;
            _pairs[(rule.Id, record.DeviceId)] = pair;
            var latest = pair.State.Phase == RulePhase.Arming ? await LatestVerdictAsync(rule, record.DeviceId, now, ct) : Verdict.Unknown;
            var step = rule.Machine.Restore(pair.State, latest, now);
            if (step.Fired is not null) fired++;
            await ApplyAsync(pair, step, ct);
            restored++;
        }
        foreach (var rule in _rules) await StartFixedPairsAsync(rule, now, ct);
        if (restored > 0 || fired > 0) AutomationLog.Restored(logger, restored, fired);
    }

    private async Task ReloadRulesAsync(CancellationToken ct)
    {
        var rules = await LoadRulesAsync(ct);
        var current = rules.ToDictionary(r => r.Id);
        foreach (var (key, pair) in _pairs.ToList())
        {
            if (current.TryGetValue(key.Item1, out var rule) && rule.Revision == pair.Rule.Revision) continue;
            pair.Timer?.Dispose();
            _pairs.Remove(key);
        }
        var known = _rules.ToDictionary(r => r.Id, r => r.Revision);
        _rules = rules;
        IndexRules();
        var now = time.GetUtcNow();
        foreach (var rule in rules)
        {
            if (known.TryGetValue(rule.Id, out var revision) && revision == rule.Revision) continue;
            runner.Reset(rule.Id);
            await StartFixedPairsAsync(rule, now, ct);
        }
    }

    /// <summary>
    /// A rule on one device that watches silence or the connection starts watching now, without waiting for a message:
    /// no data counts from now; the connection's current state is the baseline.
    /// </summary>
    private async Task StartFixedPairsAsync(LoadedRule rule, DateTimeOffset now, CancellationToken ct)
    {
        if (rule.Trigger.Scope.DeviceId is not { } deviceId || _pairs.ContainsKey((rule.Id, deviceId))) return;
        if (rule.Trigger is NoDataTrigger)
        {
            await ApplyAsync(PairOf(rule, deviceId, now), new RuleStep(rule.Machine.Start(now)), ct);
        }
        else if (rule.Trigger is ConnectionTrigger)
        {
            var pair = PairOf(rule, deviceId, now);
            await ApplyAsync(pair, rule.Machine.Presence(pair.State, presence.IsOnline(deviceId), now), ct);
        }
    }

    private async Task<List<LoadedRule>> LoadRulesAsync(CancellationToken ct)
    {
        var rules = new List<LoadedRule>();
        foreach (var record in await store.ListRulesAsync(ct))
        {
            if (!record.Enabled) continue;
            try
            {
                rules.Add(LoadedRule.From(record));
            }
            catch (Exception e) when (e is RuleInvalidException or System.Text.Json.JsonException)
            {
                // Checked when saved; a body that no longer parses (an older version's) is skipped, not fatal.
                AutomationLog.EvaluationFailed(logger, e, e.Message);
            }
        }
        return rules;
    }

    private async Task<Verdict> LatestVerdictAsync(LoadedRule rule, string deviceId, DateTimeOffset now, CancellationToken ct)
    {
        if (rule.Trigger is ConnectionTrigger c) return presence.IsOnline(deviceId) == c.Online ? Verdict.True : Verdict.Clear;
        if (rule.Trigger is not ThresholdTrigger t) return Verdict.Unknown;
        var latest = (await series.ReadLatestAsync(deviceId, 0, 10_000, ct)).FirstOrDefault(v => v.Key == t.ValueKey);
        if (latest is null || latest.Value.Kind is not (TelemetryValueKind.Number or TelemetryValueKind.Boolean) || latest.Value.Number is not { } number) return Verdict.Unknown;
        if (t.MaxAge is { } maxAge && now - latest.At > maxAge) return Verdict.Unknown;
        return ThresholdCheck.Classify(t, number);
    }
}
