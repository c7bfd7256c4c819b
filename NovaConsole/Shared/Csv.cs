namespace NovaConsole.Shared;

/// <summary>RFC 4180 fields: quoted when they hold a comma, quote or line break; formula-leading text defused for spreadsheets.</summary>
internal static class Csv
{
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        // A cell starting with = + - @ would run as a formula when opened in a spreadsheet.
        if (value[0] is '=' or '+' or '@' || (value[0] == '-' && !double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
