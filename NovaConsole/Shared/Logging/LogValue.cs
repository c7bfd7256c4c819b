namespace NovaConsole.Shared.Logging;

/// <summary>
/// Makes a value a stranger sent (a user name, a client id, a device id) safe to put in a log line: at most
/// <see cref="MaxLength"/> characters, and CR, LF and other control characters escaped, so one request can neither
/// write megabytes of log nor forge a line of its own. Base library only: the broker uses it too.
/// </summary>
internal static class LogValue
{
    public const int MaxLength = 128;

    public static string Truncate(string? value)
    {
        if (value is null) return "";
        // Never cut between the two halves of a surrogate pair: half a character is not valid text in a log file.
        var cut = value.Length > MaxLength && char.IsHighSurrogate(value[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        var visible = value.Length > MaxLength ? value.AsSpan(0, cut) : value.AsSpan();
        if (visible.Length == value.Length && !visible.ContainsAnyInRange('\0', '\x1f') && !visible.Contains('\x7f')) return value;

        var builder = new System.Text.StringBuilder(visible.Length + 32);
        foreach (var c in visible)
        {
            _ = c switch
            {
                '\r' => builder.Append(@"\r"),
                '\n' => builder.Append(@"\n"),
                '\t' => builder.Append(@"\t"),
                _ when char.IsControl(c) => builder.Append(@"\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }
        if (value.Length > MaxLength) builder.Append("…(").Append(value.Length).Append(" chars)");
        return builder.ToString();
    }
}
