namespace NovaConsole.Components.Pages.Automation;

/// <summary>
/// Starting points for the rule editor: rule bodies as the API takes them. The JSON is the same in every language; only
/// the rule's name (<c>{name}</c>) comes from the reader's catalog.
/// </summary>
internal static class RuleTemplates
{
    /// <summary>The template's body with <paramref name="name"/> as the rule's name, written as a JSON string.</summary>
    public static string WithName(string json, string name) =>
        json.Replace("\"{name}\"", System.Text.Json.JsonSerializer.Serialize(name), StringComparison.Ordinal);

    public static readonly IReadOnlyList<(string Key, string Json)> All =
    [
        ("threshold", """
            {
              "name": "{name}",
              "trigger": {"kind": "threshold", "key": "temperature", "operator": ">", "value": 30, "deadband": 2, "for": "PT30S"},
              "actions": [{"kind": "alarm.raise", "type": "overheat", "severity": "major"}]
            }
            """),
        ("conditions", """
            {
              "name": "{name}",
              "timeZone": "Europe/Berlin",
              "trigger": {"kind": "threshold", "tag": "greenhouse", "key": "temperature", "operator": "<", "value": 2, "deadband": 1},
              "conditions": {"all": [
                {"kind": "timeWindow", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "from": "20:00", "to": "07:00"},
                {"kind": "online"},
                {"not": {"kind": "alarmActive", "type": "maintenance"}}
              ]},
              "actions": [
                {"kind": "command", "target": "trigger-device", "name": "heater", "params": {"on": true}, "wait": true},
                {"kind": "delay", "duration": "PT10M"},
                {"kind": "alarm.raise", "type": "frost", "severity": "warning"}
              ]
            }
            """),
        ("attribute", """
            {
              "name": "{name}",
              "trigger": {"kind": "attribute", "key": "version", "on": "changed"},
              "actions": [{"kind": "alarm.raise", "type": "firmware-changed", "severity": "warning"}]
            }
            """),
        ("schedule", """
            {
              "name": "{name}",
              "trigger": {"kind": "schedule", "tag": "lights", "cron": "0 7 * * 1-5", "timeZone": "Europe/Berlin", "missed": "once"},
              "actions": [{"kind": "control", "target": "trigger-device", "params": {"light": 1}}]
            }
            """),
    ];
}
