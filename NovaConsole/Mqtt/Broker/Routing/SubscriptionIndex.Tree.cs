using System.Collections.Concurrent;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Routing;

internal sealed partial class SubscriptionIndex<TSubscriber>
{
    private Node GetOrAddNode(string filter)
    {
        var node = _root;
        int start = 0;
        while (start <= filter.Length)
        {
            var level = TopicText.NextLevel(filter, start, out int next);
            node = level switch
            {
                "+" => node.Plus ?? (node.Plus = NewNode(node, "+")),
                "#" => node.Hash ?? (node.Hash = NewNode(node, "#")),
                _ => GetOrAddChild(node, level),
            };
            start = next;
        }

        return node;
    }

    private Node GetOrAddChild(Node parent, ReadOnlySpan<char> level)
    {
        var children = parent.Children;
        if (children is null)
        {
            // One writer at a time, so a concurrency level of 1 keeps the empty map small.
            children = new ConcurrentDictionary<string, Node>(concurrencyLevel: 1, capacity: 4, StringComparer.Ordinal);
            parent.Children = children;
        }
        else if (children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(level, out var existing))
        {
            return existing;
        }

        var child = NewNode(parent, level.ToString());
        children.TryAdd(child.Level, child);
        parent.ChildCount++;
        return child;
    }

    private Node NewNode(Node parent, string level)
    {
        _nodeCount++;
        return new Node(parent, level);
    }

    private void RemoveLocked(Subscription subscription)
    {
        var node = subscription.Node;
        node.RemoveSlot(subscription);
        Volatile.Write(ref _count, _count - 1);

        // Prune the branch upwards while nodes hold nothing, so unsubscribing frees the memory.
        while (node.Parent is { } parent && node.IsEmpty)
        {
            switch (node.Level)
            {
                case "+":
                    parent.Plus = null;
                    break;
                case "#":
                    parent.Hash = null;
                    break;
                default:
                    parent.Children!.TryRemove(node.Level, out _);
                    if (--parent.ChildCount == 0)
                    {
                        parent.Children = null;
                    }

                    break;
            }

            Volatile.Write(ref _nodeCount, _nodeCount - 1);
            node = parent;
        }
    }

    /// <summary>One subscriber's subscription to one filter. Immutable except the QoS and slot.</summary>
    private sealed class Subscription(TSubscriber subscriber, string filter, MqttQualityOfService qos, Node node)
    {
        public readonly TSubscriber Subscriber = subscriber;
        public readonly string Filter = filter;
        public readonly Node Node = node;

        // Replaced in place by a repeated SUBSCRIBE; readers see the old or the new value.
        public volatile MqttQualityOfService Qos = qos;

        // Writer-only: position in Node.Slots.
        public int Slot;
    }

    private sealed class Node(Node? parent, string level)
    {
        private static readonly Subscription?[] NoSlots = [];

        public readonly Node? Parent = parent;
        public readonly string Level = level;

        // Published by the writer with volatile writes; read by matches without a lock.
        public volatile ConcurrentDictionary<string, Node>? Children;
        public volatile Node? Plus;
        public volatile Node? Hash;
        private volatile Subscription?[] _slots = NoSlots;

        // Writer-only counters.
        public int ChildCount;
        private int _used;
        private int _live;

        public bool IsEmpty => _live == 0 && ChildCount == 0 && Plus is null && Hash is null;

        public void CollectInto(SubscriberMatches<TSubscriber> results)
        {
            foreach (var subscription in _slots)
            {
                if (subscription is not null)
                {
                    results.Add(subscription.Subscriber, subscription.Qos);
                }
            }
        }

        public void AddSlot(Subscription subscription)
        {
            var slots = _slots;
            if (_used == slots.Length)
            {
                // Full: copy the live entries into a fresh array (same size if at most half is
                // live, else double) and publish it after the new entry is in place.
                int length = slots.Length == 0 ? 1 : _live <= slots.Length / 2 ? slots.Length : slots.Length * 2;
                var fresh = Compact(slots, length);
                subscription.Slot = _used;
                fresh[_used++] = subscription;
                _live++;
                _slots = fresh;
                return;
            }

            subscription.Slot = _used;
            Volatile.Write(ref slots[_used++], subscription);
            _live++;
        }

        public void RemoveSlot(Subscription subscription)
        {
            var slots = _slots;
            Volatile.Write(ref slots[subscription.Slot], null);
            _live--;
            if (_live == 0)
            {
                _used = 0;
                _slots = NoSlots;
            }
            else if (slots.Length >= 8 && _live <= slots.Length / 4)
            {
                _slots = Compact(slots, slots.Length / 2);
            }
        }

        private Subscription?[] Compact(Subscription?[] slots, int length)
        {
            var fresh = new Subscription?[length];
            int used = 0;
            foreach (var subscription in slots)
            {
                if (subscription is not null)
                {
                    subscription.Slot = used;
                    fresh[used++] = subscription;
                }
            }

            _used = used;
            return fresh;
        }
    }
}
