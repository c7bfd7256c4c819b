using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Broker.Routing;

public sealed class SubscriptionIndexTests
{
    internal sealed class Client(string id)
    {
        public string Id { get; } = id;
        public override string ToString() => Id;
    }

    private static Dictionary<string, MqttQualityOfService> Match(SubscriptionIndex<Client> index, string topic)
    {
        var results = new SubscriberMatches<Client>();
        int count = index.Match(topic, results);
        Assert.Equal(count, results.Count);
        var byId = new Dictionary<string, MqttQualityOfService>();
        foreach (var m in results.Items)
        {
            Assert.True(byId.TryAdd(m.Subscriber.Id, m.Qos), $"{m.Subscriber.Id} delivered twice");
        }

        return byId;
    }

    [Theory]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("#", "sport", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("#", "$SYS/broker/load", false)]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("$SYS/#", "$SYS/monitor/Clients", true)]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
    public void Specification_examples_route_through_the_index(string filter, string topic, bool expected)
    {
        var index = new SubscriptionIndex<Client>();
        index.Subscribe(new Client("c"), filter, MqttQualityOfService.AtLeastOnce);
        Assert.Equal(expected, Match(index, topic).ContainsKey("c"));
    }

    [Fact]
    public void An_identical_filter_from_the_same_subscriber_replaces_the_old_qos()
    {
        var index = new SubscriptionIndex<Client>();
        var c = new Client("c");

        Assert.True(index.Subscribe(c, "a/b", MqttQualityOfService.AtMostOnce));
        Assert.False(index.Subscribe(c, "a/b", MqttQualityOfService.ExactlyOnce));

        Assert.Equal(1, index.Count);
        Assert.Equal(MqttQualityOfService.ExactlyOnce, Match(index, "a/b")["c"]);
        Assert.Equal([new SubscriptionInfo("a/b", MqttQualityOfService.ExactlyOnce)], index.GetSubscriptions(c));
    }

    [Fact]
    public void The_same_filter_from_different_subscribers_is_kept_apart()
    {
        var index = new SubscriptionIndex<Client>();
        Assert.True(index.Subscribe(new Client("a"), "x/y", MqttQualityOfService.AtMostOnce));
        Assert.True(index.Subscribe(new Client("b"), "x/y", MqttQualityOfService.AtLeastOnce));

        var matched = Match(index, "x/y");
        Assert.Equal(MqttQualityOfService.AtMostOnce, matched["a"]);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, matched["b"]);
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Overlapping_filters_deliver_once_at_the_highest_granted_qos()
    {
        var index = new SubscriptionIndex<Client>();
        var c = new Client("c");
        index.Subscribe(c, "sport/#", MqttQualityOfService.AtMostOnce);
        index.Subscribe(c, "sport/+/player1", MqttQualityOfService.ExactlyOnce);
        index.Subscribe(c, "sport/tennis/player1", MqttQualityOfService.AtLeastOnce);
        index.Subscribe(c, "#", MqttQualityOfService.AtMostOnce);

        var matched = Match(index, "sport/tennis/player1");
        Assert.Single(matched);
        Assert.Equal(MqttQualityOfService.ExactlyOnce, matched["c"]);
        Assert.Equal(MqttQualityOfService.AtMostOnce, Match(index, "sport")["c"]);
    }

    [Fact]
    public void A_wide_fan_out_is_delivered_once_per_subscriber()
    {
        // More subscribers than the linear-scan limit, each with two overlapping filters.
        var index = new SubscriptionIndex<Client>();
        var clients = Enumerable.Range(0, 200).Select(i => new Client($"c{i}")).ToArray();
        foreach (var c in clients)
        {
            index.Subscribe(c, "alerts/#", MqttQualityOfService.AtMostOnce);
            index.Subscribe(c, "alerts/+", (MqttQualityOfService)(c.Id.Length % 3));
        }

        var matched = Match(index, "alerts/fire");
        Assert.Equal(200, matched.Count);
        Assert.All(clients, c => Assert.Equal((MqttQualityOfService)(c.Id.Length % 3), matched[c.Id]));
    }

    [Fact]
    public void Unsubscribe_reports_whether_the_subscription_existed()
    {
        var index = new SubscriptionIndex<Client>();
        var c = new Client("c");
        index.Subscribe(c, "a/+", MqttQualityOfService.AtMostOnce);

        Assert.False(index.Unsubscribe(c, "a/b"));
        Assert.False(index.Unsubscribe(new Client("other"), "a/+"));
        Assert.True(index.Unsubscribe(c, "a/+"));
        Assert.False(index.Unsubscribe(c, "a/+"));
        Assert.Empty(Match(index, "a/b"));
    }

    [Fact]
    public void Unsubscribing_everything_prunes_the_tree_to_nothing()
    {
        var index = new SubscriptionIndex<Client>();
        var a = new Client("a");
        var b = new Client("b");
        string[] filters = ["sport/tennis/player1/#", "sport/+", "+/+", "/finance", "#", "$SYS/#", "a//b", "sport/tennis/+"];
        foreach (var f in filters)
        {
            index.Subscribe(a, f, MqttQualityOfService.AtLeastOnce);
            index.Subscribe(b, f, MqttQualityOfService.AtMostOnce);
        }

        Assert.True(index.NodeCount > 0);
        foreach (var f in filters)
        {
            Assert.True(index.Unsubscribe(a, f));
        }

        Assert.True(index.NodeCount > 0);
        Assert.Equal(filters.Length, index.RemoveSubscriber(b));

        Assert.Equal(0, index.NodeCount);
        Assert.Equal(0, index.Count);
        Assert.Equal(0, index.SubscriberCount);
    }

    [Fact]
    public void Unsubscribing_one_branch_keeps_its_siblings()
    {
        var index = new SubscriptionIndex<Client>();
        var c = new Client("c");
        index.Subscribe(c, "a/b/c", MqttQualityOfService.AtMostOnce);
        index.Subscribe(c, "a/b", MqttQualityOfService.AtMostOnce);
        index.Subscribe(c, "a/x/+", MqttQualityOfService.AtMostOnce);

        index.Unsubscribe(c, "a/b/c");
        Assert.Equal(4, index.NodeCount); // a, a/b, a/x, a/x/+
        Assert.True(Match(index, "a/b").ContainsKey("c"));
        Assert.True(Match(index, "a/x/1").ContainsKey("c"));
    }

    [Fact]
    public void Removing_a_subscriber_removes_all_its_filters_and_nothing_else()
    {
        var index = new SubscriptionIndex<Client>();
        var gone = new Client("gone");
        var stays = new Client("stays");
        index.Subscribe(gone, "a/#", MqttQualityOfService.AtMostOnce);
        index.Subscribe(gone, "b", MqttQualityOfService.AtMostOnce);
        index.Subscribe(stays, "a/#", MqttQualityOfService.AtLeastOnce);

        Assert.Equal(2, index.RemoveSubscriber(gone));
        Assert.Equal(0, index.RemoveSubscriber(gone));

        Assert.Equal(["stays"], Match(index, "a/1").Keys);
        Assert.Empty(Match(index, "b"));
        Assert.Empty(index.GetSubscriptions(gone));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void A_subscriber_lists_its_filters_for_the_console()
    {
        var index = new SubscriptionIndex<Client>();
        var c = new Client("c");
        index.Subscribe(c, "b/#", MqttQualityOfService.AtLeastOnce);
        index.Subscribe(c, "a/+", MqttQualityOfService.ExactlyOnce);

        Assert.Equal(
            [new SubscriptionInfo("a/+", MqttQualityOfService.ExactlyOnce), new SubscriptionInfo("b/#", MqttQualityOfService.AtLeastOnce)],
            index.GetSubscriptions(c));
        Assert.Equal(1, index.SubscriberCount);
    }

    [Fact]
    public void An_invalid_filter_is_a_programming_error()
    {
        var index = new SubscriptionIndex<Client>();
        var ex = Assert.Throws<ArgumentException>(() => index.Subscribe(new Client("c"), "a/#/b", MqttQualityOfService.AtMostOnce));
        Assert.Contains("last level", ex.Message);
    }

    [Fact]
    public void Index_agrees_with_the_reference_matcher_on_random_filters_and_names()
    {
        var random = new Random(4711);
        string[] levels = ["a", "b", "", "$x", "c"];
        string RandomTopic(bool filter)
        {
            int count = random.Next(1, 5);
            var parts = new string[count];
            for (int i = 0; i < count; i++)
            {
                int pick = random.Next(filter ? levels.Length + 2 : levels.Length);
                parts[i] = pick < levels.Length ? levels[pick] : pick == levels.Length ? "+" : "#";
                if (parts[i] == "#")
                {
                    return string.Join('/', parts, 0, i + 1);
                }
            }

            var topic = string.Join('/', parts);
            return topic.Length == 0 ? "/" : topic;
        }

        var index = new SubscriptionIndex<Client>();
        var subscriptions = new List<(Client Client, string Filter)>();
        for (int i = 0; i < 300; i++)
        {
            var client = new Client($"c{i % 40}");
            var filter = RandomTopic(filter: true);
            index.Subscribe(client, filter, MqttQualityOfService.AtMostOnce);
            subscriptions.Add((client, filter));
        }

        var results = new SubscriberMatches<Client>();
        for (int i = 0; i < 500; i++)
        {
            var name = RandomTopic(filter: false);
            var expected = subscriptions.Where(s => TopicMatcher.Matches(s.Filter, name)).Select(s => s.Client).Distinct().ToHashSet();
            index.Match(name, results);
            var actual = results.Items.ToArray().Select(m => m.Subscriber).ToHashSet();
            Assert.True(expected.SetEquals(actual), $"topic '{name}'");
            Assert.Equal(actual.Count, results.Count);
        }
    }
}
