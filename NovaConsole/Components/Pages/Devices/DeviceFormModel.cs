using NovaConsole.Devices;

namespace NovaConsole.Components.Pages.Devices;

/// <summary>What the create dialog and the Settings tab edit; the registry validates it (see DeviceRules).</summary>
public sealed class DeviceFormModel
{
    public string? DeviceId { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }

    /// <summary>Comma-separated, as typed.</summary>
    public string? Tags { get; set; }
    public List<SensorRow> Sensors { get; } = [];
    public List<ActuatorRow> Actuators { get; } = [];

    public IEnumerable<string> TagList =>
        (Tags ?? "").Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// What the form can tell before asking the registry (which checks everything again): a text catalog key, or null.
    /// </summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Name)) return "devices.form.nameRequired";
        if (Sensors.Any(s => string.IsNullOrWhiteSpace(s.ValueKey))) return "devices.form.sensorKeyRequired";
        if (Actuators.Any(a => string.IsNullOrWhiteSpace(a.Key))) return "devices.form.actuatorKeyRequired";
        if (Actuators.Any(a => a.Type == "number" && a.Min is { } min && a.Max is { } max && min > max)) return "devices.form.rangeInverted";
        if (Actuators.Any(a => a.Type == "enum" && string.IsNullOrWhiteSpace(a.Options))) return "devices.form.optionsRequired";
        return null;
    }

    internal DeviceDraft ToDraft() => new(
        Name,
        Description ?? "",
        TagList.ToList(),
        Sensors.Select(s => (SensorDraft?)new SensorDraft(s.ValueKey, s.Name, s.Unit, s.DataType)).ToList(),
        Actuators.Select(a => (ActuatorDraft?)new ActuatorDraft(a.Key, a.Name, a.Type,
            a.Type == "number" ? a.Min : null, a.Type == "number" ? a.Max : null,
            a.Type == "enum" ? (a.Options ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null)).ToList());

    internal static DeviceFormModel From(DeviceDetails device)
    {
        var model = new DeviceFormModel
        {
            DeviceId = device.DeviceId,
            Name = device.Name,
            Description = device.Description,
            Tags = string.Join(", ", device.Tags),
        };
        model.Sensors.AddRange(device.Sensors.Select(s => new SensorRow { ValueKey = s.ValueKey, Name = s.Name, Unit = s.Unit, DataType = s.DataType }));
        model.Actuators.AddRange(device.Actuators.Select(a => new ActuatorRow
        {
            Key = a.Key, Name = a.Name, Type = a.Type, Min = a.Min, Max = a.Max, Options = a.Options is null ? null : string.Join(", ", a.Options),
        }));
        return model;
    }
}

public sealed class SensorRow
{
    public string? ValueKey { get; set; }
    public string? Name { get; set; }
    public string? Unit { get; set; }
    public string DataType { get; set; } = DeviceTypes.DefaultSensorDataType;
}

public sealed class ActuatorRow
{
    public string? Key { get; set; }
    public string? Name { get; set; }
    public string Type { get; set; } = DeviceTypes.DefaultActuatorType;
    public double? Min { get; set; }
    public double? Max { get; set; }

    /// <summary>Comma-separated options of an enum actuator.</summary>
    public string? Options { get; set; }
}
