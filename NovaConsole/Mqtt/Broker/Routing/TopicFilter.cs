using System.Buffers;

namespace NovaConsole.Mqtt.Broker.Routing;

/// <summary>Checks on SUBSCRIBE / UNSUBSCRIBE topic filters (MQTT 3.1.1 §4.7). Allocation-free; never throws.</summary>
internal static class TopicFilter
{
    private static readonly SearchValues<char> Wildcards = SearchValues.Create("+#");

    public static bool IsValid(ReadOnlySpan<char> filter, TopicLimits? limits = null) =>
        Validate(filter, limits) == TopicError.None;

    public static TopicError Validate(ReadOnlySpan<char> filter, TopicLimits? limits = null)
    {
        // MQTT 3.1.1 §4.7.3: at least one character.
        if (filter.IsEmpty)
        {
            return TopicError.Empty;
        }

        if (filter.Contains('\0'))
        {
            return TopicError.NullCharacter;
        }

        var size = TopicText.CheckSize(filter, limits ?? TopicLimits.Default);
        if (size != TopicError.None)
        {
            return size;
        }

        if (!filter.ContainsAny(Wildcards))
        {
            return TopicError.None;
        }

        int start = 0;
        while (start <= filter.Length)
        {
            var level = TopicText.NextLevel(filter, start, out int next);
            if (level.ContainsAny(Wildcards))
            {
                // §4.7.1.2 and §4.7.1.3: a wildcard is a whole level ("sport+" and "sport/#x" are invalid).
                if (level.Length != 1)
                {
                    return TopicError.WildcardNotAloneInLevel;
                }

                // §4.7.1.2: '#' is the last character ("sport/#/ranking" is invalid).
                if (level[0] == '#' && next <= filter.Length)
                {
                    return TopicError.MultiLevelWildcardNotLast;
                }
            }

            start = next;
        }

        return TopicError.None;
    }

    /// <summary>True when the filter contains a wildcard level; such a filter can match many names.</summary>
    public static bool HasWildcards(ReadOnlySpan<char> filter) => filter.ContainsAny(Wildcards);
}
