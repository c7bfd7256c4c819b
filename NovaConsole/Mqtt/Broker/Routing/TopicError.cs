namespace NovaConsole.Mqtt.Broker.Routing;

/// <summary>Why a topic name or topic filter was refused; <see cref="None"/> when it is valid.</summary>
internal enum TopicError : byte
{
    None = 0,
    Empty,
    TooLong,
    TooManyLevels,
    NullCharacter,
    WildcardInTopicName,
    WildcardNotAloneInLevel,
    MultiLevelWildcardNotLast,
}

internal static class TopicErrorExtensions
{
    /// <summary>A reason fit for a log line or a start-up message; constant strings, so no allocation.</summary>
    public static string Describe(this TopicError error) => error switch
    {
        TopicError.None => "valid",
        TopicError.Empty => "a topic must be at least one character long (MQTT 3.1.1 §4.7.3)",
        TopicError.TooLong => "the topic is longer than the configured maximum number of UTF-8 bytes",
        TopicError.TooManyLevels => "the topic has more levels than the configured maximum",
        TopicError.NullCharacter => "a topic must not contain U+0000 (MQTT 3.1.1 §1.5.3)",
        TopicError.WildcardInTopicName => "a topic name must not contain the wildcards '+' or '#' (MQTT 3.1.1 §4.7.1)",
        TopicError.WildcardNotAloneInLevel => "a wildcard '+' or '#' must occupy an entire level of the filter (MQTT 3.1.1 §4.7.1)",
        TopicError.MultiLevelWildcardNotLast => "the multi-level wildcard '#' must be the last level of the filter (MQTT 3.1.1 §4.7.1.2)",
        _ => "unknown topic error",
    };
}
