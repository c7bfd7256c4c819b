using NovaConsole.Mqtt.Broker.Routing;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Broker.Routing;

public sealed class SubscriptionIndexConcurrencyTests
{
    internal sealed class Client(string id)
    {
        public string Id { get; } = id;
    }

    [Fact]
    public void Concurrent_subscribe_unsubscribe_and_match_stay_consistent()
    {
        const int Writers = 3;
        const int Readers = 3;
        const int WriterRounds = 5_000;
        const int ReaderRounds = 20_000;

        var index = new SubscriptionIndex<Client>();

        // Stable subscriptions that every match of "devices/7/telemetry" must see throughout.
        var stableExact = new Client("stable-exact");
        var stableWild = new Client("stable-wild");
        var flipping = new Client("flipping");
        index.Subscribe(stableExact, "devices/7/telemetry", MqttQualityOfService.AtLeastOnce);
        index.Subscribe(stableWild, "devices/#", MqttQualityOfService.AtMostOnce);
        index.Subscribe(flipping, "devices/+/telemetry", MqttQualityOfService.AtLeastOnce);
        int stableNodes = index.NodeCount;

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var start = new Barrier(Writers + Readers + 1);
        var threads = new List<Thread>();

        for (int w = 0; w < Writers; w++)
        {
            int writer = w;
            threads.Add(new Thread(() =>
            {
                var random = new Random(writer);
                var mine = Enumerable.Range(0, 8).Select(i => new Client($"w{writer}-{i}")).ToArray();
                start.SignalAndWait();
                try
                {
                    for (int round = 0; round < WriterRounds; round++)
                    {
                        var client = mine[random.Next(mine.Length)];
                        string filter = random.Next(4) switch
                        {
                            0 => $"devices/{random.Next(20)}/telemetry",
                            1 => "devices/+/telemetry",
                            2 => $"devices/{random.Next(20)}/#",
                            _ => $"other/{writer}/{random.Next(50)}",
                        };
                        index.Subscribe(client, filter, (MqttQualityOfService)random.Next(3));
                        if (random.Next(3) == 0)
                        {
                            index.RemoveSubscriber(client);
                        }
                        else
                        {
                            index.Unsubscribe(client, filter);
                        }

                        if (writer == 0)
                        {
                            index.Subscribe(flipping, "devices/+/telemetry", round % 2 == 0 ? MqttQualityOfService.ExactlyOnce : MqttQualityOfService.AtLeastOnce);
                        }
                    }

                    foreach (var client in mine)
                    {
                        index.RemoveSubscriber(client);
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue($"writer {writer}: {ex}");
                }
            }));
        }

        for (int r = 0; r < Readers; r++)
        {
            int reader = r;
            threads.Add(new Thread(() =>
            {
                var results = new SubscriberMatches<Client>();
                var seen = new HashSet<Client>(ReferenceEqualityComparer.Instance);
                start.SignalAndWait();
                try
                {
                    for (int round = 0; round < ReaderRounds; round++)
                    {
                        index.Match("devices/7/telemetry", results);
                        seen.Clear();
                        bool exact = false, wild = false, flip = false;
                        foreach (var m in results.Items)
                        {
                            if (!seen.Add(m.Subscriber))
                            {
                                failures.Enqueue($"reader {reader}: {m.Subscriber.Id} delivered twice");
                            }

                            exact |= ReferenceEquals(m.Subscriber, stableExact) && m.Qos == MqttQualityOfService.AtLeastOnce;
                            wild |= ReferenceEquals(m.Subscriber, stableWild) && m.Qos == MqttQualityOfService.AtMostOnce;
                            flip |= ReferenceEquals(m.Subscriber, flipping) && m.Qos is MqttQualityOfService.AtLeastOnce or MqttQualityOfService.ExactlyOnce;
                        }

                        if (!(exact && wild && flip))
                        {
                            failures.Enqueue($"reader {reader}: a stable subscription was missed in round {round}");
                            return;
                        }
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue($"reader {reader}: {ex}");
                }
            }));
        }

        threads.ForEach(t => t.Start());
        start.SignalAndWait();
        threads.ForEach(t => t.Join());

        Assert.Empty(failures);
        Assert.Equal(3, index.Count);
        Assert.Equal(3, index.SubscriberCount);
        Assert.Equal(stableNodes, index.NodeCount);

        var final = new SubscriberMatches<Client>();
        Assert.Equal(3, index.Match("devices/7/telemetry", final));
        Assert.Equal(0, index.Match("other/0/1", final));
        Assert.Equal(1, index.Match("devices", final));
    }

    [Fact]
    public void Matching_in_steady_state_allocates_nothing()
    {
        var index = new SubscriptionIndex<Client>();
        var clients = Enumerable.Range(0, 100).Select(i => new Client($"c{i}")).ToArray();
        for (int i = 0; i < clients.Length; i++)
        {
            index.Subscribe(clients[i], $"devices/{i}/telemetry", MqttQualityOfService.AtLeastOnce);
            index.Subscribe(clients[i], "devices/+/telemetry", MqttQualityOfService.AtMostOnce);
            index.Subscribe(clients[i], "alerts/#", MqttQualityOfService.ExactlyOnce);
            index.Subscribe(clients[i], "#", MqttQualityOfService.AtMostOnce);
        }

        index.Subscribe(clients[0], "$SYS/#", MqttQualityOfService.AtMostOnce);

        string[] topics = ["devices/5/telemetry", "alerts/fire/kitchen", "$SYS/broker/load", "nobody/listens/here", "devices/99/telemetry"];
        var results = new SubscriberMatches<Client>();
        int total = 0;

        for (int i = 0; i < 2_000; i++)
        {
            total += index.Match(topics[i % topics.Length], results);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20_000; i++)
        {
            total += index.Match(topics[i % topics.Length], results);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(total > 0);
        Assert.Equal(100, index.Match("devices/5/telemetry", results));
        Assert.Equal(1, index.Match("$SYS/broker/load", results));
    }
}
