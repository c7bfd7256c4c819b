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
            return Outcome.Invalid($"params may be at most {MaxParamsBytes / 1024} KiB of JSON.");
        }
        var parameters = request.Params is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } p ? p : (JsonElement?)null;
        return request.Kind switch
        {
            CommandKind.Control => CheckControl(device, parameters),
            CommandKind.Command => CheckMethod(request.Name, parameters),
            CommandKind.AttributesSet => parameters is { ValueKind: JsonValueKind.Object } o && o.EnumerateObject().Any()
                ? Outcome<CheckedCommand>.Ok(new(CommandKind.AttributesSet, CommandNames.SetAttributes, o.Clone()))
                : Outcome.Invalid("attributes.set needs params: a JSON object of attribute names and values, e.g. {\"interval\": 60}."),
            _ => CheckAttributeGet(parameters),
        };
    }

    private static Outcome<CheckedCommand> CheckControl(DeviceDetails device, JsonElement? parameters)
    {
        if (device.Actuators.Count == 0)
        {
            return Outcome.Invalid($"{device.DeviceId} declares no actuators, so there is nothing to control; send a custom command instead.");
        }
        if (parameters is not { ValueKind: JsonValueKind.Object } values || !values.EnumerateObject().Any())
        {
            return Outcome.Invalid($"A control needs params: a JSON object of actuator keys and values (actuators of {device.DeviceId}: {Keys(device)}).");
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
                    return Outcome.Invalid($"'{DeviceRules.Shorten(property.Name)}' is not an actuator of {device.DeviceId} (its actuators: {Keys(device)}).");
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
    public static string? ValueProblem(ActuatorDefinition actuator, JsonElement value)
    {
        var key = actuator.Key;
        switch (actuator.Type)
        {
            case "number":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
                {
                    return $"{key} is a number actuator; {Show(value)} is not a number.";
                }
                if ((actuator.Min is { } min && number < min) || (actuator.Max is { } max && number > max))
                {
                    return $"{key} must be {Range(actuator)}; {Show(value)} is out of range.";
                }
                return null;
            case "boolean":
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : $"{key} is an on/off actuator: send true or false, not {Show(value)}.";
            case "string":
                return value.ValueKind == JsonValueKind.String ? null : $"{key} takes text; {Show(value)} is not a JSON string.";
            case "enum":
                var options = actuator.Options ?? [];
                return value.ValueKind == JsonValueKind.String && options.Contains(value.GetString()!, StringComparer.Ordinal)
                    ? null
                    : $"{key} must be one of {string.Join(", ", options)}; not {Show(value)}.";
            default:
                return null;
        }
    }

    public static string Range(ActuatorDefinition a) => (a.Min, a.Max) switch
    {
        ({ } min, { } max) => $"between {Number(min)} and {Number(max)}",
        ({ } min, null) => $"at least {Number(min)}",
        (null, { } max) => $"at most {Number(max)}",
        _ => "any number",
    };

    private static Outcome<CheckedCommand> CheckMethod(string? name, JsonElement? parameters)
    {
        var method = name?.Trim();
        if (string.IsNullOrEmpty(method)) return Outcome.Invalid("A command needs a name: the method the device should run, e.g. RebootDevice.");
        if (method.Length > MaxNameLength) return Outcome.Invalid($"A command name may be at most {MaxNameLength} characters.");
        if (!method.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':'))
        {
            return Outcome.Invalid($"A command name may use letters, digits and _ - . : only; '{DeviceRules.Shorten(method)}' has others.");
        }
        if (parameters is { } p && p.ValueKind != JsonValueKind.Object)
        {
            return Outcome.Invalid("A command's params must be a JSON object, e.g. {\"delay\": 5}.");
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
            return Outcome.Invalid("attributes.get takes params {\"keys\": [\"name\", ...]} (an empty list asks for every attribute).");
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
