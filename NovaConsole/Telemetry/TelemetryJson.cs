using System.Text.Json;

namespace NovaConsole.Telemetry;

/// <summary>
/// Reads device JSON into readings: every property of the object is a value (seed 000 §4.1.1, seed 004 §2.4
/// and §3.3), except the envelope keys the caller names (for example <c>timestamp</c> and <c>device_id</c>).
/// </summary>
internal static class TelemetryJson
{
    /// <returns>
    /// Null when every value became a reading; otherwise why the message is refused, for the device's developer. A message
    /// is taken whole or not at all: storing the good half of a message would hide the problem from whoever sent it.
    /// </returns>
    /// <remarks>The caller has checked the text with <see cref="Shared.JsonText.Problem(System.Buffers.ReadOnlySequence{byte})"/>, so reading strings cannot throw.</remarks>
    public static string? Read(JsonElement values, out List<TelemetryReading> readings, params string[] envelopeKeys)
    {
        readings = [];
        foreach (var property in values.EnumerateObject())
        {
            if (Array.IndexOf(envelopeKeys, property.Name) >= 0 || property.Value.ValueKind == JsonValueKind.Null) continue;
            if (!TelemetryKey.IsValid(property.Name))
            {
                return $"telemetry key '{TelemetryKey.Shown(property.Name)}' is not allowed: a key is {TelemetryKey.Rule}";
            }
            if (property.Value.ValueKind == JsonValueKind.Number && !double.IsFinite(property.Value.GetDouble()))
            {
                return $"the value of '{property.Name}' is beyond the range of a double (about ±1.8e308)";
            }
            readings.Add(new TelemetryReading(property.Name, TelemetryValue.From(property.Value)));
        }
        return null;
    }

    /// <summary>
    /// The device's timestamp when it is a plausible measurement time (seconds or milliseconds since 1970,
    /// not in the future beyond clock skew, not older than the window), otherwise the receive time - with the
    /// device's own time beside it, so the replacement can be shown (a dead clock must not write into the past
    /// and fall to retention at once, but nor may it be corrected silently).
    /// </summary>
    public static MeasuredTime MeasuredAt(JsonElement? timestamp, DateTimeOffset receivedAt, TimeSpan maxAge, TimeSpan maxSkew)
    {
        if (timestamp is not { ValueKind: JsonValueKind.Number } t || !t.TryGetInt64(out var raw) || raw <= 0) return new(receivedAt, null);
        return MeasuredAt(raw, receivedAt, maxAge, maxSkew);
    }

    public static MeasuredTime MeasuredAt(long raw, DateTimeOffset receivedAt, TimeSpan maxAge, TimeSpan maxSkew)
    {
        // Seconds until the year 5138; milliseconds until the year 5138 after that; beyond, no time at all.
        DateTimeOffset? candidate = raw < 100_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(raw)
            : raw < 100_000_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(raw) : null;
        if (candidate is not { } said) return new(receivedAt, null);
        return said > receivedAt + maxSkew || said < receivedAt - maxAge ? new(receivedAt, said) : new(said, null);
    }
}

/// <summary>When readings are stored; <see cref="ReplacedDeviceTime"/> is the device's own time when it was implausible and replaced.</summary>
internal readonly record struct MeasuredTime(DateTimeOffset At, DateTimeOffset? ReplacedDeviceTime);
