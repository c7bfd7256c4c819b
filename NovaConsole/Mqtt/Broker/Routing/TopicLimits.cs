namespace NovaConsole.Mqtt.Broker.Routing;

/// <summary>
/// Broker-chosen limits on topic names and filters. Bindable from configuration; the defaults are
/// the protocol's own ceiling for length and a generous level count.
/// </summary>
internal sealed record TopicLimits
{
    /// <summary>MQTT 3.1.1 §1.5.3: a UTF-8 string carries a two-byte length.</summary>
    public const int ProtocolMaxBytes = 65_535;

    public static TopicLimits Default { get; } = new();

    /// <summary>Maximum length of a topic name or filter in UTF-8 bytes.</summary>
    public int MaxBytes { get; init; } = ProtocolMaxBytes;

    /// <summary>Maximum number of levels ('/'-separated parts). Also bounds the depth of a match walk.</summary>
    public int MaxLevels { get; init; } = 128;
}
