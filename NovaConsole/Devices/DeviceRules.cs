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

    public static Problem? DeviceIdProblem(string? id) =>
        string.IsNullOrEmpty(id) ? Problem.Of("device.idRequired", "Device id is required.")
        : IsValidDeviceId(id) ? null
        : Problem.Of("device.idInvalid", "Device id '{0}' is not valid: use 1-{1} letters (A-Z), digits, '-' or '_'.", Shorten(id), MaxDeviceIdLength);

    public static Outcome<ValidDraft> Validate(DeviceDraft draft, bool forCreate)
    {
        string? name = null;
        if (forCreate || draft.Name is not null)
        {
            name = draft.Name?.Trim();
            if (string.IsNullOrEmpty(name)) return Outcome.Invalid(Problem.Of("device.nameRequired", "Name is required."));
            if (name.Length > MaxNameLength) return Outcome.Invalid(Problem.Of("device.nameTooLong", "Name must be at most {0} characters.", MaxNameLength));
            if (name.Any(char.IsControl)) return Outcome.Invalid(Problem.Of("device.nameControl", "Name must not contain control characters."));
        }

        var description = draft.Description?.Trim() ?? (forCreate ? "" : null);
        if (description is { Length: > MaxDescriptionLength })
        {
            return Outcome.Invalid(Problem.Of("device.descriptionTooLong", "Description must be at most {0} characters.", MaxDescriptionLength));
        }

        var tags = draft.Tags ?? (forCreate ? [] : null);
        IReadOnlyList<string>? validTags = null;
        if (tags is not null)
        {
            var checkedTags = ValidateTags(tags);
            if (!checkedTags.Succeeded) return checkedTags.Failure;
            validTags = checkedTags.Value;
        }

        IReadOnlyList<SensorDefinition>? sensors = null;
        if ((draft.Sensors ?? (forCreate ? [] : null)) is { } sensorDrafts)
        {
            var checkedSensors = ValidateSensors(sensorDrafts);
            if (!checkedSensors.Succeeded) return checkedSensors.Failure;
            sensors = checkedSensors.Value;
        }

        IReadOnlyList<ActuatorDefinition>? actuators = null;
        if ((draft.Actuators ?? (forCreate ? [] : null)) is { } actuatorDrafts)
        {
            var checkedActuators = ValidateActuators(actuatorDrafts);
            if (!checkedActuators.Succeeded) return checkedActuators.Failure;
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
            if (tag.Length > MaxTagLength) return Outcome.Invalid(Problem.Of("device.tagTooLong", "Tag '{0}' is longer than {1} characters.", Shorten(tag), MaxTagLength));
            if (tag.Any(c => char.IsControl(c) || c is ',' or ';'))
            {
                return Outcome.Invalid(Problem.Of("device.tagCharacters", "Tag '{0}' must not contain ',', ';' or control characters.", Shorten(tag)));
            }
            if (!result.Contains(tag, StringComparer.OrdinalIgnoreCase)) result.Add(tag);
        }
        return result.Count > MaxTags
            ? Outcome.Invalid(Problem.Of("device.tooManyTags", "A device can have at most {0} tags.", MaxTags))
            : Outcome<IReadOnlyList<string>>.Ok(result);
    }

    private static Outcome<IReadOnlyList<SensorDefinition>> ValidateSensors(IReadOnlyList<SensorDraft?> drafts)
    {
        if (drafts.Count > MaxDefinitions) return Outcome.Invalid(Problem.Of("device.tooManySensors", "A device can have at most {0} sensors.", MaxDefinitions));
        var result = new List<SensorDefinition>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var number = i + 1;
            var s = drafts[i];
            if (s is null) return Outcome.Invalid(Problem.Of("device.sensor.empty", "Sensor #{0} is empty.", number));
            var key = s.ValueKey?.Trim();
            if (KeyProblem(sensor: true, number, key) is { } keyProblem) return Outcome.Invalid(keyProblem);
            if (result.Any(r => string.Equals(r.ValueKey, key, StringComparison.OrdinalIgnoreCase)))
            {
                return Outcome.Invalid(Problem.Of("device.sensor.keyTwice", "Sensor value key '{0}' is used twice; each sensor needs its own value key.", key));
            }
            var name = string.IsNullOrWhiteSpace(s.Name) ? key! : s.Name.Trim();
            if (name.Length > MaxNameLength) return Outcome.Invalid(Problem.Of("device.sensor.nameTooLong", "Sensor #{0}: the name must be at most {1} characters.", number, MaxNameLength));
            var unit = string.IsNullOrWhiteSpace(s.Unit) ? null : s.Unit.Trim();
            if (unit is { Length: > MaxUnitLength }) return Outcome.Invalid(Problem.Of("device.sensor.unitTooLong", "Sensor #{0}: the unit must be at most {1} characters.", number, MaxUnitLength));
            var type = s.DataType?.Trim().ToLowerInvariant();
            if (type is null || !DeviceTypes.SensorDataTypes.Contains(type))
            {
                var types = string.Join(", ", DeviceTypes.SensorDataTypes);
                return Outcome.Invalid(string.IsNullOrWhiteSpace(s.DataType)
                    ? Problem.Of("device.sensor.typeMissing", "Sensor #{0} ('{1}'): data type must be one of {2}.", number, key, types)
                    : Problem.Of("device.sensor.typeUnknown", "Sensor #{0} ('{1}'): data type must be one of {2}, not '{3}'.", number, key, types, Shorten(s.DataType)));
            }
            result.Add(new SensorDefinition(key!, name, unit, type));
        }
        return Outcome<IReadOnlyList<SensorDefinition>>.Ok(result);
    }

    private static Outcome<IReadOnlyList<ActuatorDefinition>> ValidateActuators(IReadOnlyList<ActuatorDraft?> drafts)
    {
        if (drafts.Count > MaxDefinitions) return Outcome.Invalid(Problem.Of("device.tooManyActuators", "A device can have at most {0} actuators.", MaxDefinitions));
        var result = new List<ActuatorDefinition>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var number = i + 1;
            var a = drafts[i];
            if (a is null) return Outcome.Invalid(Problem.Of("device.actuator.empty", "Actuator #{0} is empty.", number));
            var key = a.Key?.Trim();
            if (KeyProblem(sensor: false, number, key) is { } keyProblem) return Outcome.Invalid(keyProblem);
            if (result.Any(r => string.Equals(r.Key, key, StringComparison.OrdinalIgnoreCase)))
            {
                return Outcome.Invalid(Problem.Of("device.actuator.keyTwice", "Actuator key '{0}' is used twice; each actuator needs its own key.", key));
            }
            var name = string.IsNullOrWhiteSpace(a.Name) ? key! : a.Name.Trim();
            if (name.Length > MaxNameLength) return Outcome.Invalid(Problem.Of("device.actuator.nameTooLong", "Actuator #{0} ('{1}'): the name must be at most {2} characters.", number, key, MaxNameLength));
            var type = a.Type?.Trim().ToLowerInvariant();
            if (type is null || !DeviceTypes.ActuatorTypes.Contains(type))
            {
                var types = string.Join(", ", DeviceTypes.ActuatorTypes);
                return Outcome.Invalid(string.IsNullOrWhiteSpace(a.Type)
                    ? Problem.Of("device.actuator.typeMissing", "Actuator #{0} ('{1}'): type must be one of {2}.", number, key, types)
                    : Problem.Of("device.actuator.typeUnknown", "Actuator #{0} ('{1}'): type must be one of {2}, not '{3}'.", number, key, types, Shorten(a.Type)));
            }
            if (type != "number" && (a.Min is not null || a.Max is not null))
            {
                return Outcome.Invalid(Problem.Of("device.actuator.rangeNotNumber", "Actuator #{0} ('{1}'): min and max apply only to number actuators.", number, key));
            }
            if (a.Min is { } min && a.Max is { } max && min > max)
            {
                return Outcome.Invalid(Problem.Of("device.actuator.minAboveMax", "Actuator #{0} ('{1}'): min ({2}) must not be greater than max ({3}).", number, key, min, max));
            }
            if ((a.Min is { } m1 && !double.IsFinite(m1)) || (a.Max is { } m2 && !double.IsFinite(m2)))
            {
                return Outcome.Invalid(Problem.Of("device.actuator.rangeNotFinite", "Actuator #{0} ('{1}'): min and max must be finite numbers.", number, key));
            }
            var options = OptionsOf(a.Options);
            if (type == "enum")
            {
                if (options.Count == 0) return Outcome.Invalid(Problem.Of("device.actuator.noOptions", "Actuator #{0} ('{1}'): an enum actuator needs a list of options.", number, key));
                if (options.Count > MaxOptions) return Outcome.Invalid(Problem.Of("device.actuator.tooManyOptions", "Actuator #{0} ('{1}'): at most {2} options.", number, key, MaxOptions));
                if (options.FirstOrDefault(o => o.Length > MaxOptionLength) is { } longOption)
                {
                    return Outcome.Invalid(Problem.Of("device.actuator.optionTooLong", "Actuator #{0} ('{1}'): option '{2}' is longer than {3} characters.", number, key, Shorten(longOption), MaxOptionLength));
                }
                if (options.Distinct(StringComparer.Ordinal).Count() != options.Count)
                {
                    return Outcome.Invalid(Problem.Of("device.actuator.optionsTwice", "Actuator #{0} ('{1}'): options must differ from each other.", number, key));
                }
            }
            else if (options.Count > 0)
            {
                return Outcome.Invalid(Problem.Of("device.actuator.optionsNotEnum", "Actuator #{0} ('{1}'): options apply only to enum actuators.", number, key));
            }
            result.Add(new ActuatorDefinition(key!, name, type, a.Min, a.Max, type == "enum" ? options : null));
        }
        return Outcome<IReadOnlyList<ActuatorDefinition>>.Ok(result);
    }

    private static List<string> OptionsOf(IReadOnlyList<string?>? options) =>
        options?.Select(o => o?.Trim()).Where(o => !string.IsNullOrEmpty(o)).Select(o => o!).ToList() ?? [];

    // Sensor value keys are telemetry keys (seed 004 §5), so both follow one rule.
    private static Problem? KeyProblem(bool sensor, int number, string? key) =>
        string.IsNullOrEmpty(key)
            ? sensor ? Problem.Of("device.sensor.keyRequired", "Sensor #{0}: the value key is required.", number)
                : Problem.Of("device.actuator.keyRequired", "Actuator #{0}: the key is required.", number)
        : key.Length > MaxKeyLength
            ? sensor ? Problem.Of("device.sensor.keyTooLong", "Sensor #{0}: the value key must be at most {1} characters.", number, MaxKeyLength)
                : Problem.Of("device.actuator.keyTooLong", "Actuator #{0}: the key must be at most {1} characters.", number, MaxKeyLength)
        : key.All(Telemetry.TelemetryKey.IsAllowed) ? null
        : sensor ? Problem.Of("device.sensor.keyCharacters", "Sensor #{0}: the value key '{1}' may contain only letters (A-Z), digits, '_', '-' and '.'.", number, Shorten(key))
            : Problem.Of("device.actuator.keyCharacters", "Actuator #{0}: the key '{1}' may contain only letters (A-Z), digits, '_', '-' and '.'.", number, Shorten(key));

    public static string? OptionsJson(IReadOnlyList<string>? options) =>
        options is null ? null : JsonSerializer.Serialize(options);

    public static IReadOnlyList<string>? OptionsFromJson(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<List<string>>(json);

    /// <summary>Echo user input in messages without letting a huge value through.</summary>
    public static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
