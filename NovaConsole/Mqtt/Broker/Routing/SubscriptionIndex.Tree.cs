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
        if (parent.FindChild(level) is { } existing)
        {
            return existing;
        }

        var child = NewNode(parent, level.ToString());
        parent.AddChild(child);
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
        Volatile.Write(ref _filterChars, _filterChars - subscription.Filter.Length);

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
                    parent.RemoveChild(node);
                    break;
            }

            Volatile.Write(ref _nodeCount, _nodeCount - 1);
            node = parent;
        }
    }

    /// <summary>One subscriber's subscription to one filter. Immutable except the QoS and slot.</summary>
    private sealed class Subscription(TSubscriber subscriber, string filter, MqttQualityOfService qos, Node node, SubscriptionOptions options)
    {
        public readonly TSubscriber Subscriber = subscriber;
        public readonly string Filter = filter;
        public readonly Node Node = node;

        // Replaced in place by a repeated SUBSCRIBE; readers see the old or the new value.
        public volatile MqttQualityOfService Qos = qos;

        // MQTT 5 No Local / Retain As Published; replaced in place like the QoS.
        public volatile SubscriptionOptions Options = options;

        // $share/{group}/{filter}: one member of the group gets each message; Filter is the whole string, the group key.
        public bool Shared { get; init; }

        // MQTT 5.0 §3.8.2.1.2: sent back in every PUBLISH this subscription matches; 0 = none. Replaced in place.
        public volatile int SubscriptionId;

        // Writer-only: position in Node.Slots.
        public int Slot;
    }

    private sealed class Node(Node? parent, string level)
    {
        private static readonly Subscription?[] NoSlots = [];

        public readonly Node? Parent = parent;
        public readonly string Level = level;

        // Published by the writer with volatile writes; read by matches without a lock.
        public volatile Node? Plus;
        public volatile Node? Hash;
        private volatile Subscription?[] _slots = NoSlots;

        // Literal children: null, the one child itself, or from the second on a ConcurrentDictionary. Most nodes
        // of a fleet's tree have one child (the "cmd" of devices/{id}/cmd), and an empty map costs ~300 bytes.
        private volatile object? _children;

        // Writer-only counters.
        private int _childCount;
        private int _used;
        private int _live;

        public bool IsEmpty => _live == 0 && _childCount == 0 && Plus is null && Hash is null;

        public Node? FindChild(ReadOnlySpan<char> level) => _children switch
        {
            Node only => level.SequenceEqual(only.Level) ? only : null,
            ConcurrentDictionary<string, Node> map => map.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(level, out var child) ? child : null,
            _ => null,
        };

        // Writer only; the child's level is not there yet.
        public void AddChild(Node child)
        {
            switch (_children)
            {
                case null:
                    _children = child;
                    break;
                case Node only:
                    // One writer at a time, so a concurrency level of 1 keeps the map small. Filled before it is published.
                    var grown = new ConcurrentDictionary<string, Node>(concurrencyLevel: 1, capacity: 4, StringComparer.Ordinal);
                    grown.TryAdd(only.Level, only);
                    grown.TryAdd(child.Level, child);
                    _children = grown;
                    break;
                case ConcurrentDictionary<string, Node> map:
                    map.TryAdd(child.Level, child);
                    break;
            }

            _childCount++;
        }

        // Writer only. Back to a single child when one is left, so a branch that shrank gives its map back.
        public void RemoveChild(Node child)
        {
            if (--_childCount == 0)
            {
                _children = null;
                return;
            }

            if (_children is ConcurrentDictionary<string, Node> map)
            {
                map.TryRemove(child.Level, out _);
                if (_childCount == 1)
                {
                    foreach (var remaining in map)
                    {
                        _children = remaining.Value;
                    }
                }
            }
        }

        public void CollectInto(SubscriberMatches<TSubscriber> results)
        {
            foreach (var subscription in _slots)
            {
                if (subscription is not null)
                {
                    if (subscription.Shared)
                    {
                        results.AddShared(subscription.Filter, subscription.Subscriber, subscription.Qos, subscription.Options);
                    }
                    else
                    {
                        results.Add(subscription.Subscriber, subscription.Qos, subscription.Options, subscription.SubscriptionId);
                    }
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
