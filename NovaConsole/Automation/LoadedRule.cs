using System.Text.Json;

namespace NovaConsole.Automation;

/// <summary>An enabled rule as the engine holds it: its checked definition and its state machine.</summary>
internal sealed record LoadedRule(long Id, int Revision, string Name, RuleDefinition Definition, RuleMachine Machine)
{
    public RuleTrigger Trigger => Definition.Trigger;

    public static LoadedRule From(RuleRecord record)
    {
        using var body = JsonDocument.Parse(record.BodyJson);
        var definition = RuleParser.Parse(body.RootElement);
        return new LoadedRule(record.Id, record.Revision, record.Name, definition, new RuleMachine(definition.Trigger, definition.Policy));
    }

    /// <summary>Who issued the rule's commands, as the operation log shows it (seed 000 §7.2 type 2).</summary>
    public string IssuedBy(long runId) => $"rule {Id} '{Name}' run {runId}";
}
