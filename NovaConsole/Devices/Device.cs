namespace NovaConsole.Devices;

/// <summary>A registered device. Its key is never stored: only a keyed hash of it.</summary>
internal sealed class Device
{
    public long Id { get; set; }

    /// <summary>The id devices send (MQTT username, TCP auth). Unique without regard to case.</summary>
    public required string DeviceId { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";

    /// <summary>HMAC-SHA256 of the device key under the install secret (see SecretHasher).</summary>
    public required string KeyHash { get; set; }
    public bool IsEnabled { get; set; } = true;
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public DateTime? KeyRotatedUtc { get; set; }

    // Filled by the transports and the telemetry pipeline in later slices.
    public DateTime? LastSeenUtc { get; set; }
    public string? Transport { get; set; }
    public string? FirmwareVersion { get; set; }
    public string? LastRemoteAddress { get; set; }
    public string? AttributesJson { get; set; }

    public List<DeviceTag> Tags { get; set; } = [];
    public List<DeviceSensor> Sensors { get; set; } = [];
    public List<DeviceActuator> Actuators { get; set; } = [];
}

internal sealed class DeviceTag
{
    public long DeviceRef { get; set; }
    public required string Tag { get; set; }
}

/// <summary>A value the device reports; <see cref="ValueKey"/> is the JSON key in its data messages (seed 004 §2.4).</summary>
internal sealed class DeviceSensor
{
    public long Id { get; set; }
    public long DeviceRef { get; set; }
    public int Position { get; set; }
    public required string ValueKey { get; set; }
    public required string Name { get; set; }
    public string? Unit { get; set; }
    public required string DataType { get; set; }
}

/// <summary>Something the platform can set on the device; <see cref="Key"/> is the key in command params (seed 004 §2.5).</summary>
internal sealed class DeviceActuator
{
    public long Id { get; set; }
    public long DeviceRef { get; set; }
    public int Position { get; set; }
    public required string Key { get; set; }
    public required string Name { get; set; }
    public required string Type { get; set; }
    public double? Min { get; set; }
    public double? Max { get; set; }

    /// <summary>JSON array of the allowed values of an enum actuator.</summary>
    public string? OptionsJson { get; set; }
}
