using NovaConsole.Devices;

namespace NovaConsole.Tests.Devices;

public sealed class DeviceCsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("", "")]
    public void Fields_are_quoted_only_when_they_need_it(string value, string expected) =>
        Assert.Equal(expected, DeviceCsv.Field(value));

    [Fact]
    public void Records_keep_the_line_they_start_on_across_quoted_line_breaks()
    {
        var records = DeviceCsv.Read("a,b\r\n\"x\ny\",z\n\nlast,\"q\"\"q\"").ToList();

        Assert.Equal([1, 2, 5], records.Select(r => r.Line));
        Assert.Equal(["x\ny", "z"], records[1].Fields);
        Assert.Equal(["last", "q\"q"], records[2].Fields);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error_on_its_line()
    {
        var record = DeviceCsv.Read("ok,1\n\"open,2\n").Last();

        Assert.Equal(2, record.Line);
        Assert.NotNull(record.Error);
    }

    [Fact]
    public void A_byte_order_mark_and_empty_trailing_fields_are_handled()
    {
        var record = DeviceCsv.Read("\uFEFFid,name,,").Single();

        Assert.Equal(["id", "name", "", ""], record.Fields);
    }
}
