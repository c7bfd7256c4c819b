namespace NovaConsole.Components.Pages.Automation;

/// <summary>Starting points for the rule editor: rule bodies as the API takes them (JSON is the same in every language).</summary>
internal static class RuleTemplates
{
    public static readonly IReadOnlyList<(string Key, string Json)> All =
    [
        ("threshold", """
            {
              "name": "too hot",
              "trigger": {"kind": "threshold", "key": "temperature", "operator": ">", "value": 30, "deadband": 2, "for": "PT30S"},
              "actions": [{"kind": "alarm.raise", "type": "overheat", "severity": "major"}]
            }
            """),
        ("conditions", """
            {
              "name": "night frost, heater online",
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
              "name": "firmware changed",
              "trigger": {"kind": "attribute", "key": "version", "on": "changed"},
              "actions": [{"kind": "alarm.raise", "type": "firmware-changed", "severity": "warning"}]
            }
            """),
        ("schedule", """
            {
              "name": "lights on weekdays",
              "trigger": {"kind": "schedule", "tag": "lights", "cron": "0 7 * * 1-5", "timeZone": "Europe/Berlin", "missed": "once"},
              "actions": [{"kind": "control", "target": "trigger-device", "params": {"light": 1}}]
            }
            """),
    ];
}
