using System.Globalization;
using System.Text.Json;

namespace NovaConsole.Telemetry;

internal enum TelemetryValueKind : byte { Number = 0, Boolean = 1, Text = 2, Json = 3 }

/// <summary>
/// One reading's value as the device sent it. Numbers and booleans keep a double for charts;
/// strings and JSON objects keep their text.
/// </summary>
internal readonly record struct TelemetryValue(TelemetryValueKind Kind, double? Number, string? Text)
{
    public static TelemetryValue FromNumber(double value) => new(TelemetryValueKind.Number, value, null);
    public static TelemetryValue FromBoolean(bool value) => new(TelemetryValueKind.Boolean, value ? 1 : 0, null);
    public static TelemetryValue FromText(string value) => new(TelemetryValueKind.Text, null, value);
    public static TelemetryValue FromJson(string rawJson) => new(TelemetryValueKind.Json, null, rawJson);

    public static TelemetryValue From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => FromNumber(element.GetDouble()),
        JsonValueKind.True => FromBoolean(true),
        JsonValueKind.False => FromBoolean(false),
        JsonValueKind.String => FromText(element.GetString()!),
        _ => FromJson(element.GetRawText()),
    };

    /// <summary>The value as people read it in the console and in CSV.</summary>
    /// <remarks>
    /// Older versions stored numbers beyond double range as infinities, which read back as "Infinity"; SQLite stores NaN
    /// as NULL, so a number without a value is shown as "NaN".
    /// </remarks>
    public override string ToString() => Kind switch
    {
        TelemetryValueKind.Number => Number is { } number ? number.ToString("G", CultureInfo.InvariantCulture) : "NaN",
        TelemetryValueKind.Boolean => Number == 1 ? "true" : "false",
        _ => Text ?? "",
    };

    /// <summary>The value as JSON, for the API and the hub.</summary>
    /// <remarks>
    /// Never throws, whatever is stored: JSON has no infinities or NaN (System.Text.Json refuses to write them, which
    /// failed whole responses and disconnected hub clients), so those are null; JSON text that no longer parses is a string.
    /// </remarks>
    public object? ToJsonValue() => Kind switch
    {
        TelemetryValueKind.Number => Finite(Number),
        TelemetryValueKind.Boolean => Number == 1,
        TelemetryValueKind.Text => Text,
        _ => Text is null ? null : ParsedOrText(Text),
    };

    /// <summary>A number JSON can carry, or null.</summary>
    public static double? Finite(double? number) => number is { } n && double.IsFinite(n) ? n : null;

    private static object ParsedOrText(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return json;
        }
    }
}

internal sealed record TelemetryReading(string Key, TelemetryValue Value);

/// <summary>Readings a device sent in one message, with the time they were measured.</summary>
internal sealed record TelemetryMessage(string DeviceId, DateTimeOffset MeasuredAt, IReadOnlyList<TelemetryReading> Readings);
