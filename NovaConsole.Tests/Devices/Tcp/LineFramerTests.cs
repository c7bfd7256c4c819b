using System.Buffers;
using System.Text;
using NovaConsole.Devices.Tcp;
using NovaConsole.Tests.Mqtt.Protocol;

namespace NovaConsole.Tests.Devices.Tcp;

public sealed class LineFramerTests
{
    private static List<string> ReadAll(ReadOnlySequence<byte> buffer, int max = 1024)
    {
        var lines = new List<string>();
        while (LineFramer.TryReadLine(ref buffer, max, out var line) == LineStatus.Line) lines.Add(Encoding.UTF8.GetString(line));
        return lines;
    }

    [Fact]
    public void Several_lines_in_one_read_come_out_one_by_one_with_crlf_tolerated()
    {
        var lines = ReadAll(new ReadOnlySequence<byte>("{\"a\":1}\n{\"b\":2}\r\n{\"c\":3}\n"u8.ToArray()));

        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"], lines);
    }

    [Fact]
    public void A_line_split_at_every_byte_position_is_read_whole_once_complete()
    {
        var bytes = "{\"type\":\"ping\",\"device_id\":\"DEV-1\"}\r\n{\"x\":\"é\"}\n"u8.ToArray();
        for (var split = 1; split < bytes.Length; split++)
        {
            var sequence = TestSequence.Split(bytes, split);

            Assert.Equal(["{\"type\":\"ping\",\"device_id\":\"DEV-1\"}", "{\"x\":\"é\"}"], ReadAll(sequence));
        }
        Assert.Equal(2, ReadAll(TestSequence.OneSegmentPerByte(bytes)).Count);
    }

    [Fact]
    public void An_incomplete_line_asks_for_more_and_consumes_nothing()
    {
        var buffer = new ReadOnlySequence<byte>("{\"type\":"u8.ToArray());

        var status = LineFramer.TryReadLine(ref buffer, 1024, out _);

        Assert.Equal(LineStatus.NeedMore, status);
        Assert.Equal(8, buffer.Length);
    }

    [Fact]
    public void Bytes_past_the_limit_without_a_newline_are_refused_before_the_newline_arrives()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[1025]);

        Assert.Equal(LineStatus.TooLong, LineFramer.TryReadLine(ref buffer, 1024, out _));
    }

    [Fact]
    public void A_complete_line_over_the_limit_is_refused()
    {
        var buffer = new ReadOnlySequence<byte>([.. new byte[2000], (byte)'\n']);

        Assert.Equal(LineStatus.TooLong, LineFramer.TryReadLine(ref buffer, 1024, out _));
    }

    [Fact]
    public void A_line_of_exactly_the_limit_is_accepted()
    {
        var buffer = new ReadOnlySequence<byte>([.. Enumerable.Repeat((byte)'x', 1024), (byte)'\n']);

        Assert.Equal(LineStatus.Line, LineFramer.TryReadLine(ref buffer, 1024, out var line));
        Assert.Equal(1024, line.Length);
    }
}
