using NovaConsole.Mqtt.Broker.Routing;

namespace NovaConsole.Tests.Mqtt.Broker.Routing;

/// <summary>The examples of MQTT 3.1.1 §4.7, checked against the reference matcher.</summary>
public sealed class TopicMatcherTests
{
    [Theory]
    // §4.7.1.2 multi-level wildcard
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("#", "sport/tennis", true)]
    [InlineData("sport/tennis/#", "sport/tennis/", true)]
    [InlineData("sport/tennis/#", "sport/tennisplayer1", false)]
    // §4.7.1.3 single-level wildcard
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player2", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("+/tennis/#", "sport/tennis/player1", true)]
    [InlineData("sport/+/player1", "sport/tennis/player1", true)]
    // §4.7.3 topic semantics: case and separators are significant
    [InlineData("ACCOUNTS", "Accounts", false)]
    [InlineData("/finance", "finance", false)]
    [InlineData("a//b", "a//b", true)]
    [InlineData("a/+/b", "a//b", true)]
    public void Filters_match_names_as_in_the_specification(string filter, string name, bool expected) =>
        Assert.Equal(expected, TopicMatcher.Matches(filter, name));

    [Theory]
    [InlineData("#", "$SYS/broker/load", false)]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("$SYS/#", "$SYS/monitor/Clients", true)]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
    [InlineData("+/$SYS", "a/$SYS", true)]
    public void Dollar_topics_are_not_matched_by_a_leading_wildcard(string filter, string name, bool expected) =>
        Assert.Equal(expected, TopicMatcher.Matches(filter, name));
}
