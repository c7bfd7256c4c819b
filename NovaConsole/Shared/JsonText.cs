using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace NovaConsole.Shared;

/// <summary>
/// Whether syntactically valid JSON from a device can be read without surprises: every string as .NET text and
/// every number as a finite double. System.Text.Json parses both kinds of trouble without complaint and fails only
/// later, when a value is read (<c>GetString</c> throws on invalid UTF-8 or a lone surrogate escape; <c>1e400</c>
/// reads as Infinity, which no JSON writer accepts). Checking once, up front, turns them into a refusal the device
/// can read instead of an exception in whatever code touches the value first.
/// </summary>
internal static class JsonText
{
    /// <summary>Null when the JSON is safe to read; otherwise the reason, worded for the device's developer.</summary>
    /// <remarks>Call after the JSON parsed; a syntax error found here is left to the parser's own message.</remarks>
    public static string? Problem(ReadOnlySequence<byte> json)
    {
        if (!IsValidUtf8(json)) return "the message is not valid UTF-8 text";
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.String or JsonTokenType.PropertyName when reader.ValueIsEscaped && !SurrogatesPaired(reader):
                        return "a JSON string holds a lone UTF-16 surrogate escape (\\uD800-\\uDFFF without its pair)";
                    case JsonTokenType.Number when !reader.TryGetDouble(out var number) || !double.IsFinite(number):
                        return $"the number {Shorten(reader)} is beyond the range of a double (about ±1.8e308)";
                }
            }
        }
        catch (JsonException)
        {
            // Not ours to describe: the caller's parser reports syntax errors.
        }
        return null;
    }

    public static string? Problem(ReadOnlyMemory<byte> json) => Problem(new ReadOnlySequence<byte>(json));

    private static bool IsValidUtf8(in ReadOnlySequence<byte> json)
    {
        if (json.IsSingleSegment) return Utf8.IsValid(json.FirstSpan);
        // A character may straddle two segments: check a contiguous copy (only long TCP lines come in pieces).
        var copy = ArrayPool<byte>.Shared.Rent((int)json.Length);
        try
        {
            json.CopyTo(copy);
            return Utf8.IsValid(copy.AsSpan(0, (int)json.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>Walks the escapes of a string's raw bytes: every \uD800-\uDBFF must be followed by a \uDC00-\uDFFF, and no low one may stand alone.</summary>
    private static bool SurrogatesPaired(in Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        var expectLow = false;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                if (expectLow) return false;
                continue;
            }
            // The reader has checked the escape's syntax: '\' is followed by one character, or by 'u' and four hex digits.
            if (raw[i + 1] != (byte)'u')
            {
                if (expectLow) return false;
                i++;
                continue;
            }
            var unit = Hex(raw.Slice(i + 2, 4));
            i += 5;
            var isHigh = unit is >= 0xD800 and <= 0xDBFF;
            var isLow = unit is >= 0xDC00 and <= 0xDFFF;
            if (expectLow != isLow) return false;
            expectLow = isHigh;
        }
        return !expectLow;
    }

    private static int Hex(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var d in digits) value = value * 16 + (d <= '9' ? d - '0' : (d | 0x20) - 'a' + 10);
        return value;
    }

    private static string Shorten(in Utf8JsonReader reader)
    {
        var text = System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        return text.Length <= 40 ? text : text[..40] + "…";
    }
}
