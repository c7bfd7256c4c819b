using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Broker.Routing;

public sealed class RetainedMessageStoreTests
{
    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static string[] Find(RetainedMessageStore store, string filter)
    {
        var results = new List<RetainedMessage>();
        store.FindMatching(filter, results);
        return results.Select(m => m.Topic).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public void A_retained_message_is_set_replaced_and_cleared()
    {
        var store = new RetainedMessageStore();

        Assert.Equal(RetainedChange.Added, store.Set("a/b", Bytes("one"), MqttQualityOfService.AtLeastOnce));
        Assert.Equal(RetainedChange.Replaced, store.Set("a/b", Bytes("three"), MqttQualityOfService.ExactlyOnce));
        Assert.Equal(1, store.Count);
        Assert.Equal("a/b".Length + "three".Length, store.TotalBytes); // topic and payload: both are held in memory

        var message = store.Get("a/b");
        Assert.NotNull(message);
        Assert.Equal("three", System.Text.Encoding.UTF8.GetString(message.Payload.Span));
        Assert.Equal(MqttQualityOfService.ExactlyOnce, message.Qos);

        Assert.Equal(RetainedChange.Cleared, store.Set("a/b", ReadOnlySpan<byte>.Empty, MqttQualityOfService.AtMostOnce));
        Assert.Null(store.Get("a/b"));
        Assert.Equal(0, store.Count);
        Assert.Equal(0, store.TotalBytes);
        Assert.Equal(RetainedChange.Unchanged, store.Set("a/b", ReadOnlySpan<byte>.Empty, MqttQualityOfService.AtMostOnce));
    }

    [Fact]
    public void The_store_keeps_its_own_copy_of_the_payload()
    {
        var store = new RetainedMessageStore();
        var buffer = Bytes("original");
        store.Set("t", buffer, MqttQualityOfService.AtMostOnce);
        buffer.AsSpan().Fill((byte)'x');

        Assert.Equal("original", System.Text.Encoding.UTF8.GetString(store.Get("t")!.Payload.Span));
    }

    [Fact]
    public void Clearing_prunes_the_tree_and_keeps_parents_that_still_hold_messages()
    {
        var store = new RetainedMessageStore();
        store.Set("a", Bytes("1"), MqttQualityOfService.AtMostOnce);
        store.Set("a/b/c", Bytes("2"), MqttQualityOfService.AtMostOnce);
        Assert.Equal(3, store.NodeCount);

        Assert.True(store.Clear("a/b/c"));
        Assert.Equal(1, store.NodeCount);
        Assert.False(store.Clear("a/b/c"));
        Assert.NotNull(store.Get("a"));

        Assert.True(store.Clear("a"));
        Assert.Equal(0, store.NodeCount);
        Assert.Null(store.Get("a/b"));
    }

    [Fact]
    public void A_new_subscription_finds_the_retained_messages_its_filter_matches()
    {
        var store = new RetainedMessageStore();
        foreach (var topic in new[] { "sport", "sport/tennis/player1", "sport/tennis/player1/ranking", "sport/tennis/player2", "/finance", "finance", "$SYS/broker/load" })
        {
            store.Set(topic, Bytes(topic), MqttQualityOfService.AtMostOnce);
        }

        Assert.Equal(["sport/tennis/player1", "sport/tennis/player1/ranking"], Find(store, "sport/tennis/player1/#"));
        Assert.Equal(["sport", "sport/tennis/player1", "sport/tennis/player1/ranking", "sport/tennis/player2"], Find(store, "sport/#"));
        Assert.Equal(["sport/tennis/player1", "sport/tennis/player2"], Find(store, "sport/tennis/+"));
        Assert.Equal(["/finance"], Find(store, "+/+"));
        Assert.Equal(["/finance"], Find(store, "/+"));
        Assert.Equal(["finance", "sport"], Find(store, "+"));
        Assert.Equal(["sport/tennis/player1"], Find(store, "sport/tennis/player1"));
        Assert.Empty(Find(store, "sport/+"));
    }

    [Fact]
    public void Dollar_topics_are_not_found_by_a_leading_wildcard()
    {
        var store = new RetainedMessageStore();
        store.Set("$SYS/broker/load", Bytes("1"), MqttQualityOfService.AtMostOnce);
        store.Set("$SYS/monitor/Clients", Bytes("2"), MqttQualityOfService.AtMostOnce);
        store.Set("a/$b", Bytes("3"), MqttQualityOfService.AtMostOnce);

        Assert.Equal(["a/$b"], Find(store, "#"));
        Assert.Empty(Find(store, "+/monitor/Clients"));
        Assert.Equal(["$SYS/monitor/Clients"], Find(store, "$SYS/monitor/+"));
        Assert.Equal(["$SYS/broker/load", "$SYS/monitor/Clients"], Find(store, "$SYS/#"));
        Assert.Equal(["a/$b"], Find(store, "a/+"));
    }

    [Fact]
    public void Retained_lookups_agree_with_the_reference_matcher()
    {
        var random = new Random(99);
        string[] levels = ["a", "b", "", "$x"];
        var store = new RetainedMessageStore();
        var topics = new HashSet<string>();
        for (int i = 0; i < 200; i++)
        {
            var topic = string.Join('/', Enumerable.Range(0, random.Next(1, 4)).Select(_ => levels[random.Next(levels.Length)]));
            topic = topic.Length == 0 ? "/" : topic;
            topics.Add(topic);
            store.Set(topic, Bytes("x"), MqttQualityOfService.AtMostOnce);
        }

        string[] filters = ["#", "+", "+/+", "a/#", "+/b/#", "$x/#", "/#", "+/+/+", "a/+/b", "$x/+", "/", "a"];
        foreach (var filter in filters)
        {
            var expected = topics.Where(t => TopicMatcher.Matches(filter, t)).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, Find(store, filter));
        }
    }

    [Fact]
    public void Concurrent_sets_and_finds_keep_the_counters_right()
    {
        var store = new RetainedMessageStore();
        using var start = new Barrier(4);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                var found = new List<RetainedMessage>();
                for (int i = 0; i < 3_000; i++)
                {
                    string topic = $"d/{t}/{i % 50}";
                    store.Set(topic, i % 3 == 0 ? [] : Bytes("12345"), MqttQualityOfService.AtMostOnce);
                    found.Clear();
                    store.FindMatching("d/#", found);
                }

                for (int i = 0; i < 50; i++)
                {
                    store.Clear($"d/{t}/{i}");
                }
            }
            catch (Exception ex)
            {
                errors.Enqueue(ex);
            }
        })).ToList();

        threads.ForEach(x => x.Start());
        threads.ForEach(x => x.Join());

        Assert.Empty(errors);
        Assert.Equal(0, store.Count);
        Assert.Equal(0, store.TotalBytes);
        Assert.Equal(0, store.NodeCount);
    }
}
