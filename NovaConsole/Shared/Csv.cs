using System.Globalization;
using System.Text;

namespace NovaConsole.Shared;

/// <summary>RFC 4180 fields: quoted when they hold a comma, quote or line break; formula-leading text defused for spreadsheets.</summary>
internal static class Csv
{
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        // A cell starting with = + - @ would run as a formula when opened in a spreadsheet.
        if (value[0] is '=' or '+' or '@' || (value[0] == '-' && !double.TryParse(value, CultureInfo.InvariantCulture, out _)))
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>ISO 8601 UTC with milliseconds, empty for none.</summary>
    public static string Time(DateTime? utc) => utc?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) ?? "";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Streams rows as UTF-8 CSV while they are read (an export of every entry never sits in memory). The caller's
    /// <paramref name="row"/> returns cells already made safe with <see cref="Field"/>, <see cref="Time"/> or <see cref="Number"/>.
    /// </summary>
    public static async Task WriteAsync<T>(Stream body, string header, IAsyncEnumerable<T> rows, Func<T, string[]> row)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteAsync(header + "\r\n");
        await foreach (var item in rows) await writer.WriteAsync(string.Join(',', row(item)) + "\r\n");
    }
}
