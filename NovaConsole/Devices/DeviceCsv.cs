using System.Text;

namespace NovaConsole.Devices;

/// <summary>One CSV record and the line it starts on (1-based), for error messages a person can find.</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? Error = null);

/// <summary>RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled.</summary>
internal static class DeviceCsv
{
    public static string Field(string? value) => NovaConsole.Shared.Csv.Field(value);

    public static string Row(params string?[] fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    /// <summary>
    /// Reads records, skipping blank lines. Lenient where it is harmless (a quote inside an unquoted field is kept);
    /// a quoted field still open at the end of the text makes a record with an <see cref="CsvRecord.Error"/>.
    /// </summary>
    public static IEnumerable<CsvRecord> Read(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var recordStarted = false;
        var fieldStarted = false;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else inQuotes = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when !fieldStarted:
                    inQuotes = true;
                    fieldStarted = recordStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    recordStarted = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (recordStarted)
                    {
                        fields.Add(field.ToString());
                        yield return new CsvRecord(recordLine, fields.ToArray());
                    }
                    fields.Clear();
                    field.Clear();
                    fieldStarted = recordStarted = false;
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = recordStarted = true;
                    break;
            }
        }
        if (inQuotes)
        {
            yield return new CsvRecord(recordLine, [], "A quoted field is not closed (a '\"' is missing).");
        }
        else if (recordStarted)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, fields.ToArray());
        }
    }
}
