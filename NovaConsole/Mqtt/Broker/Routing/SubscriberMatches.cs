using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Routing;

/// <summary>One subscriber that a PUBLISH is delivered to, with the QoS granted for it and its MQTT 5 options.</summary>
internal readonly record struct MatchedSubscriber<TSubscriber>(
    TSubscriber Subscriber, MqttQualityOfService Qos, SubscriptionOptions Options = SubscriptionOptions.None, List<int>? SubscriptionIds = null)
    where TSubscriber : class;

/// <summary>One member of a shared subscription group (MQTT 5.0 §4.8.2) that matched; <see cref="Group"/> is its $share filter.</summary>
internal readonly record struct SharedMatch<TSubscriber>(string Group, TSubscriber Subscriber, MqttQualityOfService Qos, SubscriptionOptions Options)
    where TSubscriber : class;

/// <summary>MQTT 5.0 §3.8.3.1 subscription options the router applies.</summary>
[Flags]
internal enum SubscriptionOptions : byte
{
    None = 0,

    /// <summary>Not delivered back to the publishing client [MQTT-3.8.3-3].</summary>
    NoLocal = 1,

    /// <summary>RETAIN forwarded as published instead of 0 (§3.8.3.1).</summary>
    RetainAsPublished = 2,
}

/// <summary>
/// A reusable result buffer for <see cref="SubscriptionIndex{TSubscriber}.Match"/>. Keep one per
/// connection (or per thread) and pass it to every match: after it has grown to the largest fan-out
/// seen, matching allocates nothing. Not thread-safe; one match at a time per instance.
/// </summary>
internal sealed class SubscriberMatches<TSubscriber>
    where TSubscriber : class
{
    // Most publishes reach a handful of subscribers; a linear scan beats hashing there. Past this
    // many results a reference-keyed map takes over so a fan-out to 50k subscribers stays linear.
    private const int LinearScanLimit = 16;

    private MatchedSubscriber<TSubscriber>[] _items;
    private Dictionary<TSubscriber, int>? _positions;
    private int _count;
    private List<SharedMatch<TSubscriber>>? _shared; // only once a shared subscription ever matched

    public SubscriberMatches(int initialCapacity = 8)
    {
        _items = new MatchedSubscriber<TSubscriber>[Math.Max(1, initialCapacity)];
    }

    public int Count => _count;

    public ReadOnlySpan<MatchedSubscriber<TSubscriber>> Items => _items.AsSpan(0, _count);

    /// <summary>Members of shared subscription groups that matched; the router picks one per group.</summary>
    public ReadOnlySpan<SharedMatch<TSubscriber>> Shared => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_shared);

    internal void AddShared(string group, TSubscriber subscriber, MqttQualityOfService qos, SubscriptionOptions options) =>
        (_shared ??= []).Add(new(group, subscriber, qos, options));

    public MatchedSubscriber<TSubscriber> this[int index] =>
        (uint)index < (uint)_count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Clear()
    {
        _shared?.Clear();
        if (_count > LinearScanLimit)
        {
            _positions!.Clear();
        }

        // Drop the references so a buffer kept by an idle connection does not keep sessions alive.
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    /// <summary>
    /// Adds a subscriber, or raises its QoS if it is already in the result. Overlapping subscriptions merge their
    /// options: No Local only if every one asks for it, Retain As Published if any does.
    /// </summary>
    internal void Add(TSubscriber subscriber, MqttQualityOfService qos, SubscriptionOptions options = SubscriptionOptions.None, int subscriptionId = 0)
    {
        int existing = IndexOf(subscriber);
        if (existing >= 0)
        {
            var before = _items[existing];
            var merged = (before.Options & options & SubscriptionOptions.NoLocal)
                | ((before.Options | options) & SubscriptionOptions.RetainAsPublished);

            // [MQTT-3.3.4-4]: one copy carries the identifiers of every matching subscription that has one.
            var ids = before.SubscriptionIds;
            if (subscriptionId != 0)
            {
                (ids ??= []).Add(subscriptionId);
            }

            _items[existing] = new(subscriber, qos > before.Qos ? qos : before.Qos, merged, ids);
            return;
        }

        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[_count] = new(subscriber, qos, options, subscriptionId == 0 ? null : [subscriptionId]);
        _count++;

        if (_count == LinearScanLimit + 1)
        {
            _positions ??= new Dictionary<TSubscriber, int>(ReferenceEqualityComparer.Instance);
            for (int i = 0; i < _count; i++)
            {
                _positions[_items[i].Subscriber] = i;
            }
        }
        else if (_count > LinearScanLimit + 1)
        {
            _positions![subscriber] = _count - 1;
        }
    }

    private int IndexOf(TSubscriber subscriber)
    {
        if (_count > LinearScanLimit)
        {
            return _positions!.TryGetValue(subscriber, out int position) ? position : -1;
        }

        var items = _items;
        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(items[i].Subscriber, subscriber))
            {
                return i;
            }
        }

        return -1;
    }
}
