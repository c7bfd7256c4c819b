namespace NovaConsole.Tests.Devices;

/// <summary>The API's JSON, read the way a client would.</summary>
internal sealed record DeviceDto(
    string DeviceId, string Name, string Description, string[] Tags, bool IsEnabled, bool IsOnline,
    DateTime CreatedUtc, DateTime? KeyRotatedUtc, DateTime? LastSeenUtc, SensorDto[]? Sensors, ActuatorDto[]? Actuators, string? Key);

internal sealed record SensorDto(string ValueKey, string Name, string? Unit, string DataType);

internal sealed record ActuatorDto(string Key, string Name, string Type, double? Min, double? Max, string[]? Options);

internal sealed record PageDto(DeviceDto[] Items, int Total);

internal sealed record KeyDto(string DeviceId, string Key);

internal sealed record BulkDto(string[] Affected, string[] NotFound);
