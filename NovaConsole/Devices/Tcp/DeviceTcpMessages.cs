using System.Text.Json;

namespace NovaConsole.Devices.Tcp;

/// <summary>A device-to-platform message of seed 004 §3.3/§3.4, checked for the fields its type needs.</summary>
internal abstract record DeviceTcpMessage(string? DeviceId, long? Timestamp);

internal sealed record AuthMessage(string? DeviceId, string? DeviceKey) : DeviceTcpMessage(DeviceId, null)
{
    // Never print the key, even in a debugger or a log of the record.
    public override string ToString() => $"AuthMessage {{ DeviceId = {DeviceId} }}";
}

/// <summary><c>values</c> holds the readings: numbers, booleans, strings or nested objects.</summary>
internal sealed record DataMessage(string? DeviceId, long? Timestamp, JsonElement Values) : DeviceTcpMessage(DeviceId, Timestamp);

internal sealed record StatusMessage(string? DeviceId, long? Timestamp, string Status, JsonElement? Info) : DeviceTcpMessage(DeviceId, Timestamp);

internal sealed record PingMessage(string? DeviceId, long? Timestamp) : DeviceTcpMessage(DeviceId, Timestamp);

internal sealed record CommandResponseMessage(string? DeviceId, long? Timestamp, string CommandId, string? Result, JsonElement? Data)
    : DeviceTcpMessage(DeviceId, Timestamp);
