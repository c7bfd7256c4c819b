using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Routing;

/// <summary>A subscriber's filter as listed for the console.</summary>
internal readonly record struct SubscriptionInfo(string Filter, MqttQualityOfService Qos);

/// <summary>
/// Maps topic filters to subscribers: a tree with one node per filter level, where '+' and '#'
/// are dedicated children of their parent (MQTT 3.1.1 §4.7).
/// </summary>
/// <remarks>
/// <para>Concurrency: publishes (matches) outnumber subscription changes by orders of magnitude,
/// so reads take no lock at all and writes are serialized by one lock.</para>
/// <list type="bullet">
/// <item>Literal children live in a <c>ConcurrentDictionary</c>, whose reads are lock-free and which
/// is looked up by <c>ReadOnlySpan&lt;char&gt;</c> (alternate lookup), so walking a topic allocates
/// nothing. A copy-on-write child map would make every subscribe under a wide node (for example
/// <c>devices/{id}/cmd</c> for 50k devices) copy the whole map: quadratic in a connection storm.</item>
/// <item>A node's subscriptions are an array of slots that readers scan whole. The writer fills an
/// empty slot with a fully built <see cref="Subscription"/> or empties one; when the array is full it
/// builds a new compacted or doubled array and publishes it, so a reader always scans one coherent
/// array. Amortized O(1) per change, even for a filter shared by every client.</item>
/// <item>A replaced QoS is one volatile byte written in place.</item>
/// </list>
/// <para>A match that runs during a change sees the subscription either before or after it,
/// which is all MQTT asks for. ReaderWriterLockSlim was the simpler alternative, but every match
/// would write the lock's shared counter (a contended cache line at hundreds of thousands of
/// publishes per second) and a subscribe storm would stall publishing.</para>
/// <para>Subscribers are compared by reference.</para>
/// </remarks>
internal sealed partial class SubscriptionIndex<TSubscriber>
    where TSubscriber : class
{
    private readonly Node _root = new(parent: null, level: "");
    private readonly Lock _writeLock = new();

    private int _count;
    private int _nodeCount;
    private long _filterChars;

    /// <summary>Number of (subscriber, filter) subscriptions.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Characters of every subscription's filter: the part of session memory that clients choose.</summary>
    public long FilterChars => Volatile.Read(ref _filterChars);

    /// <summary>Number of subscribers with at least one subscription.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_writeLock)
            {
                return _bySubscriber.Count;
            }
        }
    }

    /// <summary>Nodes in the tree, the root excluded; zero once every subscription is gone.</summary>
    internal int NodeCount => Volatile.Read(ref _nodeCount);

    /// <summary>
    /// Adds a subscription, or replaces the QoS of the same subscriber's identical filter
    /// (MQTT 3.1.1 §3.8.4). Returns true when the subscription is new. The caller validates the
    /// filter first (<see cref="TopicFilter.Validate"/>) and answers SUBSCRIBE with 0x80 if it is invalid;
    /// an invalid filter here is a programming error and throws.
    /// </summary>
    public bool Subscribe(
        TSubscriber subscriber, string filter, MqttQualityOfService qos, SubscriptionOptions options = SubscriptionOptions.None, int subscriptionId = 0)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ThrowIfInvalid(filter);

        lock (_writeLock)
        {
            if (FindLocked(subscriber, filter) is { } existing)
            {
                existing.Qos = qos;
                existing.Options = options;
                existing.SubscriptionId = subscriptionId;
                return false;
            }

            // MQTT 5.0 §4.8.2: a shared subscription sits at its inner filter's node and is told apart by its group.
            var shared = SharedFilter.TryParse(filter, out _, out var inner);
            var node = GetOrAddNode(shared ? inner : filter);
            var subscription = new Subscription(subscriber, filter, qos, node, options) { Shared = shared, SubscriptionId = subscriptionId };
            node.AddSlot(subscription);
            AddLocked(subscriber, subscription);
            Volatile.Write(ref _count, _count + 1);
            Volatile.Write(ref _filterChars, _filterChars + filter.Length);
            return true;
        }
    }

    /// <summary>Removes one subscription; returns whether it existed. Empty branches are pruned.</summary>
    public bool Unsubscribe(TSubscriber subscriber, string filter)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(filter);

        lock (_writeLock)
        {
            if (TakeLocked(subscriber, filter) is not { } subscription)
            {
                return false;
            }

            RemoveLocked(subscription);
            return true;
        }
    }

    /// <summary>Removes every subscription of a subscriber (session end); returns how many.</summary>
    public int RemoveSubscriber(TSubscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);

        lock (_writeLock)
        {
            var subscriptions = TakeAllLocked(subscriber);
            foreach (var subscription in subscriptions)
            {
                RemoveLocked(subscription);
            }

            return subscriptions.Count;
        }
    }

    /// <summary>A snapshot of a subscriber's filters, for the console; allocates.</summary>
    public IReadOnlyList<SubscriptionInfo> GetSubscriptions(TSubscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);

        lock (_writeLock)
        {
            var subscriptions = AllLocked(subscriber);
            var list = new List<SubscriptionInfo>(subscriptions.Count);
            foreach (var subscription in subscriptions)
            {
                list.Add(new SubscriptionInfo(subscription.Filter, subscription.Qos));
            }

            list.Sort(static (a, b) => string.CompareOrdinal(a.Filter, b.Filter));
            return list;
        }
    }

    /// <summary>
    /// Fills <paramref name="results"/> (cleared first) with every subscriber whose filters match the
    /// topic name, and returns how many. Lock-free and allocation-free once the buffer has grown.
    /// The caller has validated the name (<see cref="TopicName.Validate"/>); wildcards in it are
    /// treated as ordinary characters.
    /// </summary>
    /// <remarks>
    /// When several of one subscriber's filters match, it appears once, at the highest QoS granted
    /// among them. MQTT 3.1.1 §3.3.5 allows delivering once per matching subscription or once at the
    /// maximum; we deliver once at the maximum so a client never sees duplicates.
    /// </remarks>
    public int Match(ReadOnlySpan<char> topicName, SubscriberMatches<TSubscriber> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        results.Clear();
        if (!topicName.IsEmpty)
        {
            // §4.7.2: filters starting with a wildcard do not match names starting with '$'.
            Walk(_root, topicName, 0, wildcardsAllowed: topicName[0] != '$', results);
        }

        return results.Count;
    }

    private static void Walk(
        Node node, ReadOnlySpan<char> topic, int start, bool wildcardsAllowed, SubscriberMatches<TSubscriber> results)
    {
        if (start > topic.Length)
        {
            // Every level consumed: this node's own filters match, and so does "x/#" for name "x" (§4.7.1.2).
            node.CollectInto(results);
            node.Hash?.CollectInto(results);
            return;
        }

        var level = TopicText.NextLevel(topic, start, out int next);

        if (wildcardsAllowed)
        {
            node.Hash?.CollectInto(results);
            if (node.Plus is { } plus)
            {
                Walk(plus, topic, next, wildcardsAllowed: true, results);
            }
        }

        if (node.FindChild(level) is { } child)
        {
            Walk(child, topic, next, wildcardsAllowed: true, results);
        }
    }

    private static void ThrowIfInvalid(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var error = TopicFilter.Validate(filter);
        if (error != TopicError.None)
        {
            throw new ArgumentException($"Invalid topic filter '{filter}': {error.Describe()}.", nameof(filter));
        }
    }
}
