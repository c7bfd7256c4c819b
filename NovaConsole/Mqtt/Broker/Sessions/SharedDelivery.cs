using NovaConsole.Mqtt.Broker.Routing;

namespace NovaConsole.Mqtt.Broker.Sessions;

/// <summary>
/// MQTT 5.0 §4.8.2 shared subscriptions: each message goes to one member of each matching group, in turn, preferring
/// members that are connected now. A member's other (non-shared) subscriptions are delivered independently.
/// </summary>
internal static class SharedDelivery
{
    private static uint _turn;

    /// <summary>Delivers to one member per group; returns how many groups got it.</summary>
    public static int Deliver(ref PublishSource source, ReadOnlySpan<SharedMatch<MqttSession>> shared)
    {
        var groups = 0;
        for (var i = 0; i < shared.Length; i++)
        {
            var group = shared[i].Group;
            if (SeenBefore(shared, i, group))
            {
                continue;
            }

            var members = 0;
            for (var j = i; j < shared.Length; j++)
            {
                members += shared[j].Group == group ? 1 : 0;
            }

            var chosen = Choose(shared, i, group, members);
            var qos = chosen.Qos < source.QualityOfService ? chosen.Qos : source.QualityOfService;
            var retain = (chosen.Options & SubscriptionOptions.RetainAsPublished) != 0 && source.Retain;
            chosen.Subscriber.Deliver(ref source, qos, retain);
            groups++;
        }

        return groups;
    }

    // Groups are few per message, so a scan beats a dictionary and allocates nothing.
    private static bool SeenBefore(ReadOnlySpan<SharedMatch<MqttSession>> shared, int index, string group)
    {
        for (var k = 0; k < index; k++)
        {
            if (shared[k].Group == group)
            {
                return true;
            }
        }

        return false;
    }

    // Round robin from a shared counter, skipping members whose client is away (their queue would only grow).
    private static SharedMatch<MqttSession> Choose(ReadOnlySpan<SharedMatch<MqttSession>> shared, int first, string group, int members)
    {
        var start = (int)(Interlocked.Increment(ref _turn) % (uint)members);
        SharedMatch<MqttSession>? fallback = null;
        for (var step = 0; step < members; step++)
        {
            var wanted = (start + step) % members;
            for (int j = first, seen = 0; j < shared.Length; j++)
            {
                if (shared[j].Group != group || seen++ != wanted)
                {
                    continue;
                }

                if (shared[j].Subscriber.Connection is not null)
                {
                    return shared[j];
                }

                fallback ??= shared[j];
                break;
            }
        }

        return fallback!.Value;
    }
}
