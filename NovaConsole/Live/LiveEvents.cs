namespace NovaConsole.Live;

/// <summary>The hub's <c>telemetry</c> event: one stored message of a subscribed device, values as the device sent them.</summary>
internal sealed record TelemetryEvent(string DeviceId, DateTimeOffset At, IReadOnlyDictionary<string, object?> Values);

/// <summary>
/// The hub's <c>presence</c> event: a subscribed device came online or went offline, or (while online) reported its
/// own status (seed 004 §2.6), which <c>ReportedStatus</c> carries.
/// </summary>
internal sealed record PresenceEvent(string DeviceId, bool Online, string Reason, DateTimeOffset At, string? Transport, string? ReportedStatus);
