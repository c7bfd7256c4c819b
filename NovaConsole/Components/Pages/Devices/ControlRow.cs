using System.Globalization;
using System.Text.Json;
using NovaConsole.Commands;
using NovaConsole.Components.Text;
using NovaConsole.Devices;

namespace NovaConsole.Components.Pages.Devices;

/// <summary>One actuator's input on the Commands tab: included once the operator touches it.</summary>
internal sealed class ControlRow(ActuatorDefinition actuator)
{
    public ActuatorDefinition Actuator { get; } = actuator;
    public bool Include { get; set; }
    public bool Switch { get; set; }
    public double? Number { get; set; }
    public string? Text { get; set; }

    /// <summary>What the input takes, in the reader's language.</summary>
    public string Hint(UiText text) => Actuator.Type switch
    {
        "number" => text.Problem(CommandRules.Range(Actuator)),
        "enum" => string.Join(" · ", Actuator.Options ?? []),
        "boolean" => text["problems.command.hint.boolean"],
        "json" => text["problems.command.hint.json"],
        _ => text["problems.command.hint.text"],
    };

    /// <summary>The value as JSON, or why it cannot be sent (the service's own rule, in the reader's language).</summary>
    public (JsonElement? Value, string? Problem) Read(UiText text)
    {
        JsonElement value;
        switch (Actuator.Type)
        {
            case "boolean":
                value = JsonSerializer.SerializeToElement(Switch);
                break;
            case "number":
                if (Number is null) return (null, text["problems.command.hint.enterNumber", Actuator.Key]);
                value = JsonDocument.Parse(Number.Value.ToString("R", CultureInfo.InvariantCulture)).RootElement.Clone();
                break;
            case "json":
                try
                {
                    value = JsonDocument.Parse(string.IsNullOrWhiteSpace(Text) ? "null" : Text).RootElement.Clone();
                }
                catch (JsonException e)
                {
                    return (null, text["problems.command.hint.invalidJson", Actuator.Key, e.Message]);
                }
                break;
            default:
                value = JsonSerializer.SerializeToElement(Text ?? "");
                break;
        }
        return CommandRules.ValueProblem(Actuator, value) is { } problem ? (value, text.Problem(problem)) : (value, null);
    }
}

/// <summary>Actuator definitions compared by value (their option lists are lists, which records compare by reference).</summary>
internal sealed class ActuatorComparer : IEqualityComparer<ActuatorDefinition>
{
    public static readonly ActuatorComparer Instance = new();

    public bool Equals(ActuatorDefinition? x, ActuatorDefinition? y) =>
        x is not null && y is not null && x with { Options = null } == y with { Options = null }
        && (x.Options ?? []).SequenceEqual(y.Options ?? []);

    public int GetHashCode(ActuatorDefinition obj) => obj.Key.GetHashCode(StringComparison.OrdinalIgnoreCase);
}
