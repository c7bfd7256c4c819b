using System.Buffers;
using System.Text;

namespace NovaConsole.Mqtt.Broker.Routing;

/// <summary>Checks on PUBLISH topic names (MQTT 3.1.1 §4.7). Allocation-free; never throws.</summary>
internal static class TopicName
{
    private static readonly SearchValues<char> Forbidden = SearchValues.Create("+#\0");

    public static bool IsValid(ReadOnlySpan<char> name, TopicLimits? limits = null) =>
        Validate(name, limits) == TopicError.None;

    public static TopicError Validate(ReadOnlySpan<char> name, TopicLimits? limits = null)
    {
        // MQTT 3.1.1 §4.7.3: at least one character.
        if (name.IsEmpty)
        {
            return TopicError.Empty;
        }

        int bad = name.IndexOfAny(Forbidden);
        if (bad >= 0)
        {
            return name[bad] == '\0' ? TopicError.NullCharacter : TopicError.WildcardInTopicName;
        }

        return TopicText.CheckSize(name, limits ?? TopicLimits.Default);
    }
}

/// <summary>Helpers shared by names and filters.</summary>
internal static class TopicText
{
    public static TopicError CheckSize(ReadOnlySpan<char> topic, TopicLimits limits)
    {
        if (topic.Count('/') + 1 > limits.MaxLevels)
        {
            return TopicError.TooManyLevels;
        }

        // Every UTF-16 char needs at least one UTF-8 byte and at most three, so count bytes only
        // when the char count alone cannot decide.
        if (topic.Length > limits.MaxBytes)
        {
            return TopicError.TooLong;
        }

        if ((long)topic.Length * 3 > limits.MaxBytes && Encoding.UTF8.GetByteCount(topic) > limits.MaxBytes)
        {
            return TopicError.TooLong;
        }

        return TopicError.None;
    }

    /// <summary>
    /// Splits off the level that starts at <paramref name="start"/>. Returns the level and sets
    /// <paramref name="next"/> to the start of the following level, or to <c>topic.Length + 1</c>
    /// when this was the last level (so "a/" yields "a" then "" then stops).
    /// </summary>
    public static ReadOnlySpan<char> NextLevel(ReadOnlySpan<char> topic, int start, out int next)
    {
        var rest = topic[start..];
        int slash = rest.IndexOf('/');
        if (slash < 0)
        {
            next = topic.Length + 1;
            return rest;
        }

        next = start + slash + 1;
        return rest[..slash];
    }
}
