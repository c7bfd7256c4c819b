namespace NovaConsole.Telemetry;

/// <summary>
/// What a telemetry key may be. Seed 004 §5 says a data key must equal the value_key of the device's sensor, so a key
/// follows the sensor value-key rule (letters A-Z, digits, '_', '-', '.', at most 64): every key the seeds' examples use
/// fits (temperature, switch_status, led_brightness), and any stored key can be declared as a sensor. It also keeps
/// keys usable one by one in URLs ('/' is not allowed) and printable (no NUL or other control characters).
/// </summary>
internal static class TelemetryKey
{
    public const int MaxLength = 64;

    public const string Rule = "1-64 letters (A-Z), digits, '_', '-' or '.'";

    public static bool IsValid(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty || key.Length > MaxLength) return false;
        foreach (var c in key)
        {
            if (!IsAllowed(c)) return false;
        }
        return true;
    }

    public static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    /// <summary>The key as a device's developer can read it in an error: control characters escaped, long keys cut.</summary>
    public static string Shown(string key)
    {
        var shown = key.Length <= 40 ? key : key[..40] + "…";
        return string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
