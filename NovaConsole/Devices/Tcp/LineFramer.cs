using System.Buffers;

namespace NovaConsole.Devices.Tcp;

internal enum LineStatus { Line, NeedMore, TooLong }

/// <summary>
/// Splits the byte stream into messages at '\n' (seed 004 §3.1), tolerating "\r\n". The size cap is checked
/// on bytes received so far, so a sender that never sends a newline cannot make us buffer without bound.
/// </summary>
internal static class LineFramer
{
    /// <summary>On <see cref="LineStatus.Line"/>, <paramref name="line"/> excludes the terminator and <paramref name="buffer"/> is advanced past it.</summary>
    public static LineStatus TryReadLine(ref ReadOnlySequence<byte> buffer, int maxBytes, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return buffer.Length > maxBytes ? LineStatus.TooLong : LineStatus.NeedMore;
        }
        line = buffer.Slice(0, newline.Value);
        if (line.Length > maxBytes) return LineStatus.TooLong;
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        if (!line.IsEmpty && EndsWithCarriageReturn(line)) line = line.Slice(0, line.Length - 1);
        return LineStatus.Line;
    }

    private static bool EndsWithCarriageReturn(in ReadOnlySequence<byte> line)
    {
        var last = line.Slice(line.Length - 1);
        return last.FirstSpan[0] == (byte)'\r';
    }
}
