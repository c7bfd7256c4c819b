namespace NovaConsole.Mqtt.Broker.Routing;

/// <summary>Each subscriber's own subscriptions: writer-side bookkeeping, read and written under the write lock only.</summary>
internal sealed partial class SubscriptionIndex<TSubscriber>
{
    // The one Subscription most clients have, or from the second on a Dictionary by filter (an empty one costs ~200 bytes).
    private readonly Dictionary<TSubscriber, object> _bySubscriber = new(ReferenceEqualityComparer.Instance);

    private Subscription? FindLocked(TSubscriber subscriber, string filter) =>
        _bySubscriber.GetValueOrDefault(subscriber) switch
        {
            Subscription only => only.Filter == filter ? only : null,
            Dictionary<string, Subscription> byFilter => byFilter.GetValueOrDefault(filter),
            _ => null,
        };

    private void AddLocked(TSubscriber subscriber, Subscription subscription)
    {
        switch (_bySubscriber.GetValueOrDefault(subscriber))
        {
            case null:
                _bySubscriber.Add(subscriber, subscription);
                break;
            case Subscription only:
                _bySubscriber[subscriber] = new Dictionary<string, Subscription>(StringComparer.Ordinal)
                {
                    [only.Filter] = only,
                    [subscription.Filter] = subscription,
                };
                break;
            case Dictionary<string, Subscription> byFilter:
                byFilter.Add(subscription.Filter, subscription);
                break;
        }
    }

    private Subscription? TakeLocked(TSubscriber subscriber, string filter)
    {
        switch (_bySubscriber.GetValueOrDefault(subscriber))
        {
            case Subscription only when only.Filter == filter:
                _bySubscriber.Remove(subscriber);
                return only;
            case Dictionary<string, Subscription> byFilter when byFilter.Remove(filter, out var removed):
                if (byFilter.Count == 0)
                {
                    _bySubscriber.Remove(subscriber);
                }

                return removed;
            default:
                return null;
        }
    }

    private IReadOnlyCollection<Subscription> TakeAllLocked(TSubscriber subscriber) =>
        _bySubscriber.Remove(subscriber, out var filters) ? All(filters) : [];

    private IReadOnlyCollection<Subscription> AllLocked(TSubscriber subscriber) =>
        _bySubscriber.TryGetValue(subscriber, out var filters) ? All(filters) : [];

    private static IReadOnlyCollection<Subscription> All(object filters)
    {
        if (filters is Dictionary<string, Subscription> byFilter)
        {
            return byFilter.Values;
        }

        return [(Subscription)filters];
    }
}
