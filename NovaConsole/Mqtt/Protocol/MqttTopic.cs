namespace NovaConsole.Mqtt.Protocol;

/// <summary>Topic name and topic filter syntax, MQTT 3.1.1 §4.7.</summary>
internal static class MqttTopic
{
    /// <summary>A name to publish to: at least one character, no wildcards (§4.7.3-1, §3.3.2-2).</summary>
    public static bool IsValidName(ReadOnlySpan<byte> utf8) =>
        !utf8.IsEmpty && utf8.IndexOfAny((byte)'+', (byte)'#') < 0;

    public static bool IsValidName(ReadOnlySpan<char> name) =>
        !name.IsEmpty && name.IndexOfAny('+', '#') < 0;

    /// <summary>
    /// A filter to subscribe to: at least one character; '+' fills a whole level; '#' fills a whole level
    /// and is the last one (§4.7.1.2, §4.7.1.3).
    /// </summary>
    public static bool IsValidFilter(ReadOnlySpan<char> filter)
    {
        if (filter.IsEmpty)
        {
            return false;
        }

        while (true)
        {
            var slash = filter.IndexOf('/');
            var level = slash < 0 ? filter : filter[..slash];
            if (level.IndexOfAny('+', '#') >= 0)
            {
                if (level.Length != 1)
                {
                    return false;
                }

                if (level[0] == '#' && slash >= 0)
                {
                    return false;
                }
            }

            if (slash < 0)
            {
                return true;
            }

            filter = filter[(slash + 1)..];
        }
    }
}
