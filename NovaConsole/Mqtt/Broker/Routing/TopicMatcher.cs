namespace NovaConsole.Mqtt.Broker.Routing;

/// <summary>
/// Matches one valid filter against one valid topic name (MQTT 3.1.1 §4.7). The subscription index
/// and the retained store walk trees instead; this is the reference they are tested against, and
/// what the access rules use.
/// </summary>
internal static class TopicMatcher
{
    public static bool Matches(ReadOnlySpan<char> filter, ReadOnlySpan<char> name)
    {
        if (filter.IsEmpty || name.IsEmpty)
        {
            return false;
        }

        // §4.7.2: a filter starting with a wildcard does not match a name starting with '$'.
        if (name[0] == '$' && filter[0] is '+' or '#')
        {
            return false;
        }

        int f = 0;
        int n = 0;
        while (true)
        {
            var filterLevel = TopicText.NextLevel(filter, f, out int nextF);
            if (filterLevel is "#")
            {
                return true;
            }

            var nameLevel = TopicText.NextLevel(name, n, out int nextN);
            if (filterLevel is not "+" && !filterLevel.SequenceEqual(nameLevel))
            {
                return false;
            }

            bool filterDone = nextF > filter.Length;
            bool nameDone = nextN > name.Length;
            if (filterDone || nameDone)
            {
                // §4.7.1.2: "sport/#" also matches the parent "sport".
                return filterDone == nameDone || (nameDone && filter[nextF..] is "#");
            }

            f = nextF;
            n = nextN;
        }
    }
}
