using System.Globalization;

namespace NovaConsole.Ota;

/// <summary>A single byte range of a Range header (RFC 9110 §14.1.2), resolved against the file size.</summary>
internal readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length - 1;

    /// <summary>
    /// None: no usable Range (absent, several ranges, or not "bytes="): serve the whole file. Unsatisfiable: 416.
    /// Several ranges are answered with the whole file, which RFC 9110 allows, rather than multipart/byteranges no
    /// device asks for.
    /// </summary>
    public static RangeParse Parse(string? header, long size, out ByteRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(header)) return RangeParse.None;
        var value = header.Trim();
        if (!value.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return RangeParse.None;
        var spec = value[6..].Trim();
        if (spec.Contains(',')) return RangeParse.None;
        var dash = spec.IndexOf('-');
        if (dash < 0) return RangeParse.Unsatisfiable;
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            // Suffix: the last N bytes.
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix) || suffix == 0 || size == 0) return RangeParse.Unsatisfiable;
            var n = Math.Min(suffix, size);
            range = new ByteRange(size - n, n);
            return RangeParse.Single;
        }
        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start)) return RangeParse.Unsatisfiable;
        var end = size - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start) return RangeParse.Unsatisfiable;
            end = Math.Min(end, size - 1);
        }
        if (start >= size) return RangeParse.Unsatisfiable;
        range = new ByteRange(start, end - start + 1);
        return RangeParse.Single;
    }
}

internal enum RangeParse { None, Single, Unsatisfiable }
