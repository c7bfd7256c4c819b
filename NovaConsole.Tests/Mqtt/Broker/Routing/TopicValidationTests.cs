using NovaConsole.Mqtt.Broker.Routing;

namespace NovaConsole.Tests.Mqtt.Broker.Routing;

public sealed class TopicValidationTests
{
    [Theory]
    [InlineData("sport/tennis/player1")]
    [InlineData("/finance")]
    [InlineData("/")]
    [InlineData("a//b")]
    [InlineData("$SYS/broker/load")]
    [InlineData("ünïcode/ẞ/😀")]
    public void Ordinary_topic_names_are_valid(string name) =>
        Assert.Equal(TopicError.None, TopicName.Validate(name));

    [Theory]
    [InlineData("", nameof(TopicError.Empty))]
    [InlineData("sport/+", nameof(TopicError.WildcardInTopicName))]
    [InlineData("sport/#", nameof(TopicError.WildcardInTopicName))]
    [InlineData("sport+", nameof(TopicError.WildcardInTopicName))]
    [InlineData("a\0b", nameof(TopicError.NullCharacter))]
    public void Bad_topic_names_are_refused_with_a_reason(string name, string expected)
    {
        var error = TopicName.Validate(name);
        Assert.Equal(expected, error.ToString());
        Assert.False(string.IsNullOrWhiteSpace(error.Describe()));
    }

    [Fact]
    public void Topic_name_length_is_counted_in_utf8_bytes()
    {
        var limits = new TopicLimits { MaxBytes = 6 };
        Assert.Equal(TopicError.None, TopicName.Validate("abcdef", limits));
        Assert.Equal(TopicError.TooLong, TopicName.Validate("abcdefg", limits));
        // Three chars, six bytes: fits. Four chars, eight bytes: does not.
        Assert.Equal(TopicError.None, TopicName.Validate("äöü", limits));
        Assert.Equal(TopicError.TooLong, TopicName.Validate("äöüß", limits));
    }

    [Fact]
    public void Topic_names_with_too_many_levels_are_refused()
    {
        var limits = new TopicLimits { MaxLevels = 3 };
        Assert.Equal(TopicError.None, TopicName.Validate("a/b/c", limits));
        Assert.Equal(TopicError.TooManyLevels, TopicName.Validate("a/b/c/d", limits));
        Assert.Equal(TopicError.TooManyLevels, TopicName.Validate("a/b/c/", limits));
        Assert.Equal(TopicError.TooManyLevels, TopicFilter.Validate("a/b/c/#", limits));
    }

    [Fact]
    public void The_protocol_limit_of_65535_bytes_is_the_default()
    {
        Assert.Equal(TopicError.None, TopicName.Validate(new string('a', 65_535)));
        Assert.Equal(TopicError.TooLong, TopicName.Validate(new string('a', 65_536)));
    }

    [Theory]
    [InlineData("sport/tennis/player1/#")]
    [InlineData("sport/#")]
    [InlineData("#")]
    [InlineData("+")]
    [InlineData("+/tennis/#")]
    [InlineData("sport/+/player1")]
    [InlineData("+/+")]
    [InlineData("/+")]
    [InlineData("sport/tennis/player1")]
    [InlineData("$SYS/#")]
    public void Filters_from_the_specification_are_valid(string filter) =>
        Assert.Equal(TopicError.None, TopicFilter.Validate(filter));

    [Theory]
    [InlineData("", nameof(TopicError.Empty))]
    [InlineData("sport/tennis#", nameof(TopicError.WildcardNotAloneInLevel))]
    [InlineData("sport+", nameof(TopicError.WildcardNotAloneInLevel))]
    [InlineData("sport/+x/a", nameof(TopicError.WildcardNotAloneInLevel))]
    [InlineData("sport/tennis/#/ranking", nameof(TopicError.MultiLevelWildcardNotLast))]
    [InlineData("#/", nameof(TopicError.MultiLevelWildcardNotLast))]
    [InlineData("a\0", nameof(TopicError.NullCharacter))]
    public void Bad_filters_are_refused_with_a_reason(string filter, string expected)
    {
        var error = TopicFilter.Validate(filter);
        Assert.Equal(expected, error.ToString());
        Assert.Contains("§", error.Describe());
    }
}
