namespace NovaConsole.Mqtt.Broker.Routing;

/// <summary>MQTT 5.0 §4.8.2 shared subscriptions: <c>$share/{ShareName}/{filter}</c>.</summary>
internal static class SharedFilter
{
    private const string Prefix = "$share/";

    public static bool IsShared(string filter) => filter.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// Splits a shared filter. False when it is not one, or when the share name is empty or holds a wildcard, or the
    /// filter after it is missing (§4.8.2: such a filter is malformed; the broker answers 0x8F).
    /// </summary>
    public static bool TryParse(string filter, out string group, out string inner)
    {
        group = inner = string.Empty;
        if (!IsShared(filter))
        {
            return false;
        }

        var slash = filter.IndexOf('/', Prefix.Length);
        if (slash <= Prefix.Length || slash == filter.Length - 1)
        {
            return false;
        }

        group = filter[Prefix.Length..slash];
        inner = filter[(slash + 1)..];
        return group.AsSpan().IndexOfAny('+', '#') < 0;
    }

    /// <summary>The filter that topics are matched against: the part after the share name for a shared filter.</summary>
    public static string MatchedPart(string filter) => TryParse(filter, out _, out var inner) ? inner : filter;
}
