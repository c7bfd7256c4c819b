using NovaConsole.Devices.Presence;

namespace NovaConsole.Automation;

/// <summary>The triggers that are not telemetry: presence changes, device events, attribute reports, command outcomes.</summary>
internal sealed partial class RuleEngine
{
    private async Task EvaluatePresenceAsync(PresenceChange change, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var rule in _rules)
        {
            if (rule.Trigger is not ConnectionTrigger || !await InScopeAsync(rule, change.DeviceId, ct)) continue;
            if (!_pairs.ContainsKey((rule.Id, change.DeviceId)))
            {
                // A change implies the state before it: that is the baseline, so the first disconnect after a start counts.
                var baseline = PairOf(rule, change.DeviceId, now);
                baseline.State = rule.Machine.Presence(baseline.State, !change.Online, now).State;
            }
            var pair = _pairs[(rule.Id, change.DeviceId)];
            await ApplyAsync(pair, rule.Machine.Presence(pair.State, change.Online, now), ct);
        }
    }

    /// <summary>An event fires every rule on its method whose parameter matches all hold (each event is a pulse; cooldown applies).</summary>
    private async Task EvaluateEventAsync(NovaConsole.Devices.DeviceEvent e, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var rule in _rules)
        {
            if (rule.Trigger is not EventTrigger t || t.Method != e.Method || !await InScopeAsync(rule, e.DeviceId, ct)) continue;
            if (t.ParamMatches.Count > 0 && !ParamsMatch(t, e.ParamsJson)) continue;
            var pair = PairOf(rule, e.DeviceId, now);
            await ApplyAsync(pair, rule.Machine.Pulse(pair.State, now, FireReason.Event, null), ct);
        }
    }

    /// <summary>
    /// An attribute report fires every rule on one of its keys: on any report, or only on a change of the stored value
    /// (a first report is the baseline); with <c>to</c>, only when the new value is that one. Each report is a pulse.
    /// </summary>
    private async Task EvaluateAttributesAsync(NovaConsole.Devices.AttributeReport report, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var rule in _rules)
        {
            if (rule.Trigger is not AttributeTrigger t) continue;
            var change = report.Keys.FirstOrDefault(k => k.Key == t.AttributeKey);
            if (change is null || !await InScopeAsync(rule, report.DeviceId, ct)) continue;
            if (t.OnChange && (change.PreviousJson is null || change.PreviousJson == change.ValueJson)) continue;
            using var value = System.Text.Json.JsonDocument.Parse(change.ValueJson);
            if (t.To is { } to && AttributeTrigger.Text(value.RootElement) != to) continue;
            double? number = value.RootElement.ValueKind == System.Text.Json.JsonValueKind.Number ? value.RootElement.GetDouble() : null;
            var pair = PairOf(rule, report.DeviceId, now);
            await ApplyAsync(pair, rule.Machine.Pulse(pair.State, now, FireReason.Attribute, number), ct);
        }
    }

    private async Task EvaluateCommandAsync(NovaConsole.Commands.CommandEntry entry, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var rule in _rules)
        {
            if (rule.Trigger is not CommandOutcomeTrigger t || !t.Outcomes.Contains(entry.Status)) continue;
            if (t.CommandName is { } name && name != entry.Name) continue;
            if (!await InScopeAsync(rule, entry.DeviceId, ct)) continue;
            var pair = PairOf(rule, entry.DeviceId, now);
            await ApplyAsync(pair, rule.Machine.Pulse(pair.State, now, FireReason.CommandOutcome, entry.Id), ct);
        }
    }

    private static bool ParamsMatch(EventTrigger t, string? json)
    {
        if (json is null) return false;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object) return false;
            foreach (var (name, expected) in t.ParamMatches)
            {
                if (!document.RootElement.TryGetProperty(name, out var actual) || actual.ToString() != expected) return false;
            }
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
