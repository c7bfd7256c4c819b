namespace NovaConsole.Devices;

/// <summary>The value types a sensor reports and the kinds of actuator a device accepts.</summary>
internal static class DeviceTypes
{
    public static readonly IReadOnlyList<string> SensorDataTypes = ["number", "boolean", "string", "json"];

    /// <summary>number takes min/max; enum takes an options list; the others take neither.</summary>
    public static readonly IReadOnlyList<string> ActuatorTypes = ["number", "boolean", "string", "enum", "json"];

    public const string DefaultSensorDataType = "number";
    public const string DefaultActuatorType = "boolean";
}
