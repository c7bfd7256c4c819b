using System.Text.Json;
using NovaConsole.Shared;

namespace NovaConsole.Devices;

/// <summary>A draft that passed validation, trimmed and normalised. Null members mean "leave as it is" (updates only).</summary>
internal sealed record ValidDraft(
    string? Name,
    string? Description,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<SensorDefinition>? Sensors,
    IReadOnlyList<ActuatorDefinition>? Actuators);

/// <summary>What a device, its tags, sensors and actuators may look like, with messages a person can act on.</summary>
internal static class DeviceRules
{
    public const int MaxDeviceIdLength = 64;
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxTags = 20;
    public const int MaxTagLength = 40;
    public const int MaxDefinitions = 100;
    public const int MaxKeyLength = Telemetry.TelemetryKey.MaxLength;
    public const int MaxUnitLength = 20;
    public const int MaxOptions = 50;
    public const int MaxOptionLength = 64;

    /// <summary>
    /// ASCII only: the id is the MQTT username and part of topics, and SQLite's NOCASE folds only ASCII,
    /// so uniqueness without regard to case holds exactly for these characters.
    /// </summary>
    public static bool IsValidDeviceId(string? id) =>
        id is { Length: > 0 and <= MaxDeviceIdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string? DeviceIdProblem(string? id) =>
        string.IsNullOrEmpty(id) ? "Device id is required."
        : IsValidDeviceId(id) ? null
        : $"Device id '{Shorten(id)}' is not valid: use 1-{MaxDeviceIdLength} letters (A-Z), digits, '-' or '_'.";

    public static Outcome<ValidDraft> Validate(DeviceDraft draft, bool forCreate)
    {
        string? name = null;
        if (forCreate || draft.Name is not null)
        {
            name = draft.Name?.Trim();
            if (string.IsNullOrEmpty(name)) return Outcome.Invalid("Name is required.");
            if (name.Length > MaxNameLength) return Outcome.Invalid($"Name must be at most {MaxNameLength} characters.");
            if (name.Any(char.IsControl)) return Outcome.Invalid("Name must not contain control characters.");
        }

        var description = draft.Description?.Trim() ?? (forCreate ? "" : null);
        if (description is { Length: > MaxDescriptionLength })
        {
            return Outcome.Invalid($"Description must be at most {MaxDescriptionLength} characters.");
        }

        var tags = draft.Tags ?? (forCreate ? [] : null);
        IReadOnlyList<string>? validTags = null;
        if (tags is not null)
        {
            var checkedTags = ValidateTags(tags);
            if (!checkedTags.Succeeded) return Outcome.Invalid(checkedTags.Error!);
            validTags = checkedTags.Value;
        }

        IReadOnlyList<SensorDefinition>? sensors = null;
        if ((draft.Sensors ?? (forCreate ? [] : null)) is { } sensorDrafts)
        {
            var checkedSensors = ValidateSensors(sensorDrafts);
            if (!checkedSensors.Succeeded) return Outcome.Invalid(checkedSensors.Error!);
            sensors = checkedSensors.Value;
        }

        IReadOnlyList<ActuatorDefinition>? actuators = null;
        if ((draft.Actuators ?? (forCreate ? [] : null)) is { } actuatorDrafts)
        {
            var checkedActuators = ValidateActuators(actuatorDrafts);
            if (!checkedActuators.Succeeded) return Outcome.Invalid(checkedActuators.Error!);
            actuators = checkedActuators.Value;
        }
        return Outcome<ValidDraft>.Ok(new ValidDraft(name, description, validTags, sensors, actuators));
    }

    /// <summary>Tags trimmed, duplicates (ignoring case) dropped, first spelling kept.</summary>
    public static Outcome<IReadOnlyList<string>> ValidateTags(IReadOnlyList<string?> tags)
    {
        var result = new List<string>();
        foreach (var raw in tags)
        {
            var tag = raw?.Trim();
            if (string.IsNullOrEmpty(tag)) continue;
            if (tag.Length > MaxTagLength) return Outcome.Invalid($"Tag '{Shorten(tag)}' is longer than {MaxTagLength} characters.");
            if (tag.Any(c => char.IsControl(c) || c is ',' or ';'))
            {
                return Outcome.Invalid($"Tag '{Shorten(tag)}' must not contain ',', ';' or control characters.");
            }
            if (!result.Contains(tag, StringComparer.OrdinalIgnoreCase)) result.Add(tag);
        }
        return result.Count > MaxTags
            ? Outcome.Invalid($"A device can have at most {MaxTags} tags.")
            : Outcome<IReadOnlyList<string>>.Ok(result);
    }

    private static Outcome<IReadOnlyList<SensorDefinition>> ValidateSensors(IReadOnlyList<SensorDraft?> drafts)
    {
        if (drafts.Count > MaxDefinitions) return Outcome.Invalid($"A device can have at most {MaxDefinitions} sensors.");
        var result = new List<SensorDefinition>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var label = $"Sensor #{i + 1}";
            var s = drafts[i];
            if (s is null) return Outcome.Invalid($"{label} is empty.");
            var key = s.ValueKey?.Trim();
            if (KeyProblem(label, "value key", key) is { } keyProblem) return Outcome.Invalid(keyProblem);
            if (result.Any(r => string.Equals(r.ValueKey, key, StringComparison.OrdinalIgnoreCase)))
            {
                return Outcome.Invalid($"Sensor value key '{key}' is used twice; each sensor needs its own value key.");
            }
            var name = string.IsNullOrWhiteSpace(s.Name) ? key! : s.Name.Trim();
            if (name.Length > MaxNameLength) return Outcome.Invalid($"{label}: the name must be at most {MaxNameLength} characters.");
            var unit = string.IsNullOrWhiteSpace(s.Unit) ? null : s.Unit.Trim();
            if (unit is { Length: > MaxUnitLength }) return Outcome.Invalid($"{label}: the unit must be at most {MaxUnitLength} characters.");
            var type = s.DataType?.Trim().ToLowerInvariant();
            if (type is null || !DeviceTypes.SensorDataTypes.Contains(type))
            {
                return Outcome.Invalid($"{label} ('{key}'): data type must be one of {string.Join(", ", DeviceTypes.SensorDataTypes)}" +
                    (string.IsNullOrWhiteSpace(s.DataType) ? "." : $", not '{Shorten(s.DataType)}'."));
            }
            result.Add(new SensorDefinition(key!, name, unit, type));
        }
        return Outcome<IReadOnlyList<SensorDefinition>>.Ok(result);
    }

    private static Outcome<IReadOnlyList<ActuatorDefinition>> ValidateActuators(IReadOnlyList<ActuatorDraft?> drafts)
    {
        if (drafts.Count > MaxDefinitions) return Outcome.Invalid($"A device can have at most {MaxDefinitions} actuators.");
        var result = new List<ActuatorDefinition>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var label = $"Actuator #{i + 1}";
            var a = drafts[i];
            if (a is null) return Outcome.Invalid($"{label} is empty.");
            var key = a.Key?.Trim();
            if (KeyProblem(label, "key", key) is { } keyProblem) return Outcome.Invalid(keyProblem);
            if (result.Any(r => string.Equals(r.Key, key, StringComparison.OrdinalIgnoreCase)))
            {
                return Outcome.Invalid($"Actuator key '{key}' is used twice; each actuator needs its own key.");
            }
            label = $"{label} ('{key}')";
            var name = string.IsNullOrWhiteSpace(a.Name) ? key! : a.Name.Trim();
            if (name.Length > MaxNameLength) return Outcome.Invalid($"{label}: the name must be at most {MaxNameLength} characters.");
            var type = a.Type?.Trim().ToLowerInvariant();
            if (type is null || !DeviceTypes.ActuatorTypes.Contains(type))
            {
                return Outcome.Invalid($"{label}: type must be one of {string.Join(", ", DeviceTypes.ActuatorTypes)}" +
                    (string.IsNullOrWhiteSpace(a.Type) ? "." : $", not '{Shorten(a.Type)}'."));
            }
            if (type != "number" && (a.Min is not null || a.Max is not null))
            {
                return Outcome.Invalid($"{label}: min and max apply only to number actuators.");
            }
            if (a.Min is { } min && a.Max is { } max && min > max)
            {
                return Outcome.Invalid($"{label}: min ({min}) must not be greater than max ({max}).");
            }
            if ((a.Min is { } m1 && !double.IsFinite(m1)) || (a.Max is { } m2 && !double.IsFinite(m2)))
            {
                return Outcome.Invalid($"{label}: min and max must be finite numbers.");
            }
            var options = OptionsOf(a.Options);
            if (type == "enum")
            {
                if (options.Count == 0) return Outcome.Invalid($"{label}: an enum actuator needs a list of options.");
                if (options.Count > MaxOptions) return Outcome.Invalid($"{label}: at most {MaxOptions} options.");
                if (options.FirstOrDefault(o => o.Length > MaxOptionLength) is { } longOption)
                {
                    return Outcome.Invalid($"{label}: option '{Shorten(longOption)}' is longer than {MaxOptionLength} characters.");
                }
                if (options.Distinct(StringComparer.Ordinal).Count() != options.Count) return Outcome.Invalid($"{label}: options must differ from each other.");
            }
            else if (options.Count > 0)
            {
                return Outcome.Invalid($"{label}: options apply only to enum actuators.");
            }
            result.Add(new ActuatorDefinition(key!, name, type, a.Min, a.Max, type == "enum" ? options : null));
        }
        return Outcome<IReadOnlyList<ActuatorDefinition>>.Ok(result);
    }

    private static List<string> OptionsOf(IReadOnlyList<string?>? options) =>
        options?.Select(o => o?.Trim()).Where(o => !string.IsNullOrEmpty(o)).Select(o => o!).ToList() ?? [];

    private static string? KeyProblem(string label, string what, string? key) =>
        string.IsNullOrEmpty(key) ? $"{label}: the {what} is required."
        : key.Length > MaxKeyLength ? $"{label}: the {what} must be at most {MaxKeyLength} characters."
        // Sensor value keys are telemetry keys (seed 004 §5), so both follow one rule.
        : key.All(Telemetry.TelemetryKey.IsAllowed) ? null
        : $"{label}: the {what} '{Shorten(key)}' may contain only letters (A-Z), digits, '_', '-' and '.'.";

    public static string? OptionsJson(IReadOnlyList<string>? options) =>
        options is null ? null : JsonSerializer.Serialize(options);

    public static IReadOnlyList<string>? OptionsFromJson(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<List<string>>(json);

    /// <summary>Echo user input in messages without letting a huge value through.</summary>
    public static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
