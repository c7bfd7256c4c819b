namespace NovaConsole.Live;

/// <summary>The hub's <c>telemetry</c> event: one stored message of a subscribed device, values as the device sent them.</summary>
internal sealed record TelemetryEvent(string DeviceId, DateTimeOffset At, IReadOnlyDictionary<string, object?> Values);

/// <summary>The hub's <c>presence</c> event: a subscribed device came online or went offline.</summary>
internal sealed record PresenceEvent(string DeviceId, bool Online, string Reason, DateTimeOffset At, string? Transport);
