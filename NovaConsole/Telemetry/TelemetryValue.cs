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
    public override string ToString() => Kind switch
    {
        TelemetryValueKind.Number => Number!.Value.ToString("G", CultureInfo.InvariantCulture),
        TelemetryValueKind.Boolean => Number == 1 ? "true" : "false",
        _ => Text ?? "",
    };

    /// <summary>The value as JSON, for the API.</summary>
    public object? ToJsonValue() => Kind switch
    {
        TelemetryValueKind.Number => Number,
        TelemetryValueKind.Boolean => Number == 1,
        TelemetryValueKind.Text => Text,
        _ => Text is null ? null : JsonDocument.Parse(Text).RootElement.Clone(),
    };
}

internal sealed record TelemetryReading(string Key, TelemetryValue Value);

/// <summary>Readings a device sent in one message, with the time they were measured.</summary>
internal sealed record TelemetryMessage(string DeviceId, DateTimeOffset MeasuredAt, IReadOnlyList<TelemetryReading> Readings);
