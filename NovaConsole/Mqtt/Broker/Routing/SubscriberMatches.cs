using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Routing;

/// <summary>One subscriber that a PUBLISH is delivered to, with the QoS granted for it.</summary>
internal readonly record struct MatchedSubscriber<TSubscriber>(TSubscriber Subscriber, MqttQualityOfService Qos)
    where TSubscriber : class;

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

    public SubscriberMatches(int initialCapacity = 8)
    {
        _items = new MatchedSubscriber<TSubscriber>[Math.Max(1, initialCapacity)];
    }

    public int Count => _count;

    public ReadOnlySpan<MatchedSubscriber<TSubscriber>> Items => _items.AsSpan(0, _count);

    public MatchedSubscriber<TSubscriber> this[int index] =>
        (uint)index < (uint)_count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Clear()
    {
        if (_count > LinearScanLimit)
        {
            _positions!.Clear();
        }

        // Drop the references so a buffer kept by an idle connection does not keep sessions alive.
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    /// <summary>Adds a subscriber, or raises its QoS if it is already in the result.</summary>
    internal void Add(TSubscriber subscriber, MqttQualityOfService qos)
    {
        int existing = IndexOf(subscriber);
        if (existing >= 0)
        {
            if (qos > _items[existing].Qos)
            {
                _items[existing] = new(subscriber, qos);
            }

            return;
        }

        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[_count] = new(subscriber, qos);
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
