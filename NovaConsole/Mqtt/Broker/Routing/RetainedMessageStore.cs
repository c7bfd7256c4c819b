using System.Collections.Concurrent;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Routing;

/// <summary>A retained message; the payload is the store's own copy. <see cref="Owner"/> is who retained it (null: the server).</summary>
internal sealed record RetainedMessage(string Topic, ReadOnlyMemory<byte> Payload, MqttQualityOfService Qos, string? Owner = null)
{
    /// <summary>What it counts against <see cref="RetainedLimits.MaxBytes"/>: topic name (UTF-8) and payload.</summary>
    public long Size { get; } = System.Text.Encoding.UTF8.GetByteCount(Topic) + Payload.Length;
}

/// <summary>What <see cref="RetainedMessageStore.Set"/> did.</summary>
internal enum RetainedChange : byte
{
    Added,
    Replaced,
    Cleared,

    /// <summary>An empty payload for a topic that had no retained message: nothing to do.</summary>
    Unchanged,

    /// <summary>Not retained: its owner already holds <see cref="RetainedLimits.MaxPerOwner"/> messages.</summary>
    RefusedOwnerLimit,

    /// <summary>Not retained: it would take all retained messages past <see cref="RetainedLimits.MaxBytes"/>.</summary>
    RefusedTotalLimit,
}

/// <summary>
/// Retained messages by topic name (MQTT 3.1.1 §3.3.1.3), kept in a tree with one node per level
/// so a new subscription's filter walks only the branches it can match instead of every message.
/// </summary>
/// <remarks>
/// Same concurrency scheme as <see cref="SubscriptionIndex{TSubscriber}"/>: finds walk without a
/// lock (lock-free <c>ConcurrentDictionary</c> children, the message published by a volatile
/// write); set and clear are serialized by one lock, which also prunes emptied branches.
/// </remarks>
internal sealed class RetainedMessageStore(RetainedLimits? limits = null)
{
    private readonly Node _root = new(parent: null, level: "");
    private readonly Lock _writeLock = new();
    private readonly RetainedQuota _quota = new(limits ?? RetainedLimits.None);
    private int _count;
    private long _totalBytes;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Told of every change under the write lock, in order: the topic and its new message (null: cleared). The state file keeps them.</summary>
    public Action<string, RetainedMessage?>? Changed { get; set; }

    /// <summary>Bytes held: topic names (UTF-8) and payloads of every retained message.</summary>
    public long TotalBytes => Volatile.Read(ref _totalBytes);

    /// <summary>
    /// Retains a copy of the payload for the topic, replacing any earlier message; an empty payload
    /// clears it instead (§3.3.1.3), whoever retained it. The caller has validated the topic name.
    /// A message of an <paramref name="owner"/> (a client) may be refused by the <see cref="RetainedLimits"/>.
    /// </summary>
    public RetainedChange Set(string topic, ReadOnlySpan<byte> payload, MqttQualityOfService qos, string? owner = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (payload.IsEmpty)
        {
            return Clear(topic) ? RetainedChange.Cleared : RetainedChange.Unchanged;
        }

        // Copy outside the lock: the payload is usually a slice of a connection's read buffer.
        var message = new RetainedMessage(topic, payload.ToArray(), qos, owner);

        lock (_writeLock)
        {
            // Look before adding nodes: a refused message must not leave an empty branch behind.
            var previous = FindNode(topic)?.Message;
            if (!_quota.Allows(previous, message, out var refusal))
            {
                return refusal;
            }

            GetOrAddNode(topic).Message = message;
            _quota.Apply(previous, message);
            Volatile.Write(ref _totalBytes, _quota.Bytes);
            Changed?.Invoke(topic, message);
            if (previous is not null)
            {
                return RetainedChange.Replaced;
            }

            Volatile.Write(ref _count, _count + 1);
            return RetainedChange.Added;
        }
    }

    /// <summary>Removes the retained message of a topic; returns whether there was one.</summary>
    public bool Clear(string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);

        lock (_writeLock)
        {
            var node = FindNode(topic);
            if (node?.Message is not { } previous)
            {
                return false;
            }

            node.Message = null;
            _quota.Apply(previous, null);
            Changed?.Invoke(topic, null);
            Volatile.Write(ref _count, _count - 1);
            Volatile.Write(ref _totalBytes, _quota.Bytes);
            Prune(node);
            return true;
        }
    }

    /// <summary>The retained message of exactly this topic name, if any.</summary>
    public RetainedMessage? Get(ReadOnlySpan<char> topic) => topic.IsEmpty ? null : FindNode(topic)?.Message;

    /// <summary>
    /// Adds to <paramref name="results"/> every retained message whose topic the (valid) filter
    /// matches, for delivery after a SUBSCRIBE (§3.3.1.3). Filters starting with a wildcard do not
    /// match topics starting with '$' (§4.7.2). Returns how many were added.
    /// </summary>
    public int FindMatching(ReadOnlySpan<char> filter, List<RetainedMessage> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        int before = results.Count;
        if (!filter.IsEmpty)
        {
            Walk(_root, filter, 0, results);
        }

        return results.Count - before;
    }

    private static void Walk(Node node, ReadOnlySpan<char> filter, int start, List<RetainedMessage> results)
    {
        if (start > filter.Length)
        {
            AddIfAny(node, results);
            return;
        }

        bool atRoot = start == 0;
        var level = TopicText.NextLevel(filter, start, out int next);
        if (level is "#")
        {
            // "sport/#" matches "sport" itself as well as everything below it (§4.7.1.2).
            if (!atRoot)
            {
                AddIfAny(node, results);
            }

            AddDescendants(node, skipDollar: atRoot, results);
            return;
        }

        var children = node.Children;
        if (children is null)
        {
            return;
        }

        if (level is "+")
        {
            foreach (var (name, child) in children)
            {
                if (!(atRoot && name.StartsWith('$')))
                {
                    Walk(child, filter, next, results);
                }
            }
        }
        else if (children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(level, out var child))
        {
            Walk(child, filter, next, results);
        }
    }

    private static void AddDescendants(Node node, bool skipDollar, List<RetainedMessage> results)
    {
        if (node.Children is not { } children)
        {
            return;
        }

        foreach (var (name, child) in children)
        {
            if (!(skipDollar && name.StartsWith('$')))
            {
                AddIfAny(child, results);
                AddDescendants(child, skipDollar: false, results);
            }
        }
    }

    private static void AddIfAny(Node node, List<RetainedMessage> results)
    {
        if (node.Message is { } message)
        {
            results.Add(message);
        }
    }

    private Node? FindNode(ReadOnlySpan<char> topic)
    {
        Node? node = _root;
        int start = 0;
        while (node is not null && start <= topic.Length)
        {
            var level = TopicText.NextLevel(topic, start, out int next);
            var children = node.Children;
            node = children is not null && children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(level, out var child)
                ? child
                : null;
            start = next;
        }

        return node;
    }

    private Node GetOrAddNode(string topic)
    {
        var node = _root;
        int start = 0;
        while (start <= topic.Length)
        {
            var level = TopicText.NextLevel(topic, start, out int next);
            var children = node.Children;
            if (children is null)
            {
                children = new ConcurrentDictionary<string, Node>(concurrencyLevel: 1, capacity: 4, StringComparer.Ordinal);
                node.Children = children;
            }

            if (!children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(level, out var child))
            {
                child = new Node(node, level.ToString());
                children.TryAdd(child.Level, child);
            }

            node = child;
            start = next;
        }

        return node;
    }

    private static void Prune(Node node)
    {
        while (node.Parent is { } parent && node.Message is null && node.Children is null)
        {
            var siblings = parent.Children!;
            siblings.TryRemove(node.Level, out _);
            if (siblings.IsEmpty)
            {
                parent.Children = null;
            }

            node = parent;
        }
    }

    /// <summary>Nodes in the tree, the root excluded (tests check that clearing prunes).</summary>
    internal int NodeCount
    {
        get
        {
            lock (_writeLock)
            {
                return CountBelow(_root);
            }

            static int CountBelow(Node node)
            {
                int count = 0;
                if (node.Children is { } children)
                {
                    foreach (var child in children.Values)
                    {
                        count += 1 + CountBelow(child);
                    }
                }

                return count;
            }
        }
    }

    private sealed class Node(Node? parent, string level)
    {
        public readonly Node? Parent = parent;
        public readonly string Level = level;
        public volatile ConcurrentDictionary<string, Node>? Children;
        public volatile RetainedMessage? Message;
    }
}
