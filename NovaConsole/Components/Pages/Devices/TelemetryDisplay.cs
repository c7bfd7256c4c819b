using System.Globalization;
using System.Text.Json;
using NovaConsole.Telemetry;

namespace NovaConsole.Components.Pages.Devices;

/// <summary>How the device page writes telemetry values and times: every kind readable, JSON compact, times in UTC.</summary>
internal static class TelemetryDisplay
{
    public static string Value(TelemetryValue value) => value.Kind switch
    {
        // SQLite stores NaN as NULL: a number without a value can only have been NaN.
        TelemetryValueKind.Number => value.Number is { } number ? Number(number) : "NaN",
        TelemetryValueKind.Json => CompactJson(value.Text),
        _ => value.ToString(),
    };

    public static string Number(double number) =>
        Math.Abs(number) >= 1e9 || (number != 0 && Math.Abs(number) < 1e-4)
            ? number.ToString("G6", CultureInfo.InvariantCulture)
            : number.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>Devices send JSON as they like; one line without spaces reads best on a card.</summary>
    public static string CompactJson(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return "";
        try
        {
            using var document = JsonDocument.Parse(raw);
            return JsonSerializer.Serialize(document.RootElement);
        }
        catch (JsonException)
        {
            return raw;
        }
    }

    public static string DataType(TelemetryValueKind kind) => kind switch
    {
        TelemetryValueKind.Number => "number",
        TelemetryValueKind.Boolean => "boolean",
        TelemetryValueKind.Text => "string",
        _ => "json",
    };

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
