using NovaConsole.Devices.Presence;
using NovaConsole.Telemetry;

namespace NovaConsole.Automation;

/// <summary>Gathers what a rule's conditions read (latest values, presence, active alarms) into a snapshot, then checks them.</summary>
internal sealed class ConditionFactsReader(LatestValues latest, IDevicePresence presence, AlarmService alarms)
{
    public async Task<ConditionOutcome> EvaluateAsync(RuleDefinition rule, string triggerDevice, DateTimeOffset now, CancellationToken ct)
    {
        if (rule.Conditions is null) return ConditionOutcome.None;
        var facts = new Snapshot();
        foreach (var leaf in ConditionCheck.Leaves(rule.Conditions))
        {
            switch (leaf)
            {
                case ValueCondition v when (v.DeviceId ?? triggerDevice) is { Length: > 0 } device && !facts.Values.ContainsKey((device, v.Key)):
                    var page = await latest.PageAsync(device, 0, int.MaxValue, ct);
                    foreach (var value in page.Values)
                    {
                        double? number = value.Value.Kind is TelemetryValueKind.Number or TelemetryValueKind.Boolean ? value.Value.Number : null;
                        facts.Values[(device, value.Key)] = new FactValue(number, value.At);
                    }
                    facts.Values.TryAdd((device, v.Key), null);
                    break;
                case OnlineCondition o when (o.DeviceId ?? triggerDevice) is { Length: > 0 } device:
                    facts.Online[device] = presence.IsOnline(device);
                    break;
                case AlarmActiveCondition a when (a.DeviceId ?? triggerDevice) is { Length: > 0 } device && !facts.Alarms.ContainsKey(device):
                    facts.Alarms[device] = await alarms.ActiveTypesAsync(device, ct);
                    break;
            }
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(rule.TimeZone);
        return ConditionCheck.Evaluate(rule.Conditions, facts, now, zone, triggerDevice);
    }

    private sealed class Snapshot : IConditionFacts
    {
        public Dictionary<(string, string), FactValue?> Values { get; } = new(DeviceKeyComparer.Instance);
        public Dictionary<string, bool> Online { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, HashSet<string>> Alarms { get; } = new(StringComparer.OrdinalIgnoreCase);

        public FactValue? Latest(string deviceId, string key) => Values.GetValueOrDefault((deviceId, key));

        public bool IsOnline(string deviceId) => Online.GetValueOrDefault(deviceId);

        public bool AlarmActive(string deviceId, string? type) =>
            Alarms.TryGetValue(deviceId, out var types) && (type is null ? types.Count > 0 : types.Contains(type));
    }

    private sealed class DeviceKeyComparer : IEqualityComparer<(string, string)>
    {
        public static readonly DeviceKeyComparer Instance = new();

        public bool Equals((string, string) x, (string, string) y) =>
            string.Equals(x.Item1, y.Item1, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Item2, y.Item2, StringComparison.Ordinal);

        public int GetHashCode((string, string) obj) => HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Item1), obj.Item2);
    }
}
