using System.Buffers;
using System.Globalization;
using System.Text.Json;
using NovaConsole.Devices;
using NovaConsole.Shared;

namespace NovaConsole.Commands;

/// <summary>A request checked against its device, with the name and params that go on the wire.</summary>
internal sealed record CheckedCommand(CommandKind Kind, string Name, JsonElement? Params);

/// <summary>
/// What may be sent to a device: a control sets declared actuators only, each value of the actuator's type and
/// within its range or options; a command names a method; attribute requests carry an object or a key list.
/// Messages say what to change, since an operator reads them in the console.
/// </summary>
internal static class CommandRules
{
    public const int MaxParamsBytes = 16 * 1024;
    public const int MaxNameLength = 64;

    public static Outcome<CheckedCommand> Check(DeviceDetails device, CommandRequest request)
    {
        if (request.Params is { } raw && raw.GetRawText().Length > MaxParamsBytes)
        {
            return Outcome.Invalid(Problem.Of("command.paramsTooBig", "params may be at most {0} KiB of JSON.", MaxParamsBytes / 1024));
        }
        var parameters = request.Params is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } p ? p : (JsonElement?)null;
        return request.Kind switch
        {
            CommandKind.Control => CheckControl(device, parameters),
            CommandKind.Command => CheckMethod(request.Name, parameters),
            CommandKind.AttributesSet => parameters is { ValueKind: JsonValueKind.Object } o && o.EnumerateObject().Any()
                ? Outcome<CheckedCommand>.Ok(new(CommandKind.AttributesSet, CommandNames.SetAttributes, o.Clone()))
                : Outcome.Invalid(Problem.Of("command.attributesSetParams", "attributes.set needs params: a JSON object of attribute names and values, e.g. {{\"interval\": 60}}.")),
            _ => CheckAttributeGet(parameters),
        };
    }

    private static Outcome<CheckedCommand> CheckControl(DeviceDetails device, JsonElement? parameters)
    {
        if (device.Actuators.Count == 0)
        {
            return Outcome.Invalid(Problem.Of("command.noActuators", "{0} declares no actuators, so there is nothing to control; send a custom command instead.", device.DeviceId));
        }
        if (parameters is not { ValueKind: JsonValueKind.Object } values || !values.EnumerateObject().Any())
        {
            return Outcome.Invalid(Problem.Of("command.controlParams", "A control needs params: a JSON object of actuator keys and values (actuators of {0}: {1}).", device.DeviceId, Keys(device)));
        }
        var output = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            foreach (var property in values.EnumerateObject())
            {
                var actuator = device.Actuators.FirstOrDefault(a => string.Equals(a.Key, property.Name, StringComparison.OrdinalIgnoreCase));
                if (actuator is null)
                {
                    return Outcome.Invalid(Problem.Of("command.notActuator", "'{0}' is not an actuator of {1} (its actuators: {2}).", DeviceRules.Shorten(property.Name), device.DeviceId, Keys(device)));
                }
                if (ValueProblem(actuator, property.Value) is { } problem) return Outcome.Invalid(problem);
                // The declared spelling of the key: the device was set up with it.
                json.WritePropertyName(actuator.Key);
                property.Value.WriteTo(json);
            }
            json.WriteEndObject();
        }
        using var document = JsonDocument.Parse(output.WrittenMemory);
        return Outcome<CheckedCommand>.Ok(new(CommandKind.Control, CommandNames.SetActuator, document.RootElement.Clone()));
    }

    /// <summary>Why <paramref name="value"/> cannot be sent to <paramref name="actuator"/>, or null when it can.</summary>
    public static Problem? ValueProblem(ActuatorDefinition actuator, JsonElement value)
    {
        var key = actuator.Key;
        switch (actuator.Type)
        {
            case "number":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
                {
                    return Problem.Of("command.value.notNumber", "{0} is a number actuator; {1} is not a number.", key, Show(value));
                }
                if ((actuator.Min is { } min && number < min) || (actuator.Max is { } max && number > max))
                {
                    return Problem.Of("command.value.outOfRange", "{0} must be {1}; {2} is out of range.", key, Range(actuator), Show(value));
                }
                return null;
            case "boolean":
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : Problem.Of("command.value.notBoolean", "{0} is an on/off actuator: send true or false, not {1}.", key, Show(value));
            case "string":
                return value.ValueKind == JsonValueKind.String ? null : Problem.Of("command.value.notString", "{0} takes text; {1} is not a JSON string.", key, Show(value));
            case "enum":
                var options = actuator.Options ?? [];
                return value.ValueKind == JsonValueKind.String && options.Contains(value.GetString()!, StringComparer.Ordinal)
                    ? null
                    : Problem.Of("command.value.notOption", "{0} must be one of {1}; not {2}.", key, string.Join(", ", options), Show(value));
            default:
                return null;
        }
    }

    /// <summary>The values a number actuator takes, as a problem (the console shows it as the input's hint).</summary>
    public static Problem Range(ActuatorDefinition a) => (a.Min, a.Max) switch
    {
        ({ } min, { } max) => Problem.Of("command.range.between", "between {0} and {1}", Number(min), Number(max)),
        ({ } min, null) => Problem.Of("command.range.atLeast", "at least {0}", Number(min)),
        (null, { } max) => Problem.Of("command.range.atMost", "at most {0}", Number(max)),
        _ => Problem.Of("command.range.any", "any number"),
    };

    private static Outcome<CheckedCommand> CheckMethod(string? name, JsonElement? parameters)
    {
        var method = name?.Trim();
        if (string.IsNullOrEmpty(method)) return Outcome.Invalid(Problem.Of("command.nameRequired", "A command needs a name: the method the device should run, e.g. RebootDevice."));
        if (method.Length > MaxNameLength) return Outcome.Invalid(Problem.Of("command.nameTooLong", "A command name may be at most {0} characters.", MaxNameLength));
        if (!method.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':'))
        {
            return Outcome.Invalid(Problem.Of("command.nameCharacters", "A command name may use letters, digits and _ - . : only; '{0}' has others.", DeviceRules.Shorten(method)));
        }
        if (parameters is { } p && p.ValueKind != JsonValueKind.Object)
        {
            return Outcome.Invalid(Problem.Of("command.paramsNotObject", "A command's params must be a JSON object, e.g. {{\"delay\": 5}}."));
        }
        return Outcome<CheckedCommand>.Ok(new(CommandKind.Command, method, parameters?.Clone()));
    }

    /// <summary>Seed 000 §4.2.3: {"keys": []} asks for every attribute, {"keys": ["a", "b"]} for some.</summary>
    private static Outcome<CheckedCommand> CheckAttributeGet(JsonElement? parameters)
    {
        JsonElement? keys = parameters switch
        {
            null => null,
            { ValueKind: JsonValueKind.Array } array => array,
            { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("keys", out var k) && k.ValueKind == JsonValueKind.Array => k,
            _ => default(JsonElement),
        };
        if (keys is { ValueKind: not JsonValueKind.Array } || (keys is { } list && list.EnumerateArray().Any(k => k.ValueKind != JsonValueKind.String)))
        {
            return Outcome.Invalid(Problem.Of("command.attributesGetParams", "attributes.get takes params {{\"keys\": [\"name\", ...]}} (an empty list asks for every attribute)."));
        }
        var output = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartArray("keys");
            if (keys is { } names) foreach (var k in names.EnumerateArray()) json.WriteStringValue(k.GetString());
            json.WriteEndArray();
            json.WriteEndObject();
        }
        using var document = JsonDocument.Parse(output.WrittenMemory);
        return Outcome<CheckedCommand>.Ok(new(CommandKind.AttributesGet, CommandNames.GetAttributes, document.RootElement.Clone()));
    }

    private static string Keys(DeviceDetails device) => string.Join(", ", device.Actuators.Select(a => a.Key));

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Show(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 40 ? text : text[..40] + "…";
    }
}
