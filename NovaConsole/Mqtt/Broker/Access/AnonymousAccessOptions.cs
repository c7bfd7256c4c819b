namespace NovaConsole.Mqtt.Broker.Access;

/// <summary>
/// The anonymous-mode access rules, bound from the <c>Mqtt</c> section
/// (<c>Mqtt:AnonymousRules:0:Action</c>, or <c>Mqtt__AnonymousRules__0__Action</c> in the environment).
/// </summary>
internal sealed class AnonymousAccessOptions
{
    public const string SectionName = "Mqtt";

    /// <summary>Checked in order; the first rule that matches decides; no match allows.</summary>
    public List<AccessRuleOptions> AnonymousRules { get; set; } = [];
}

/// <summary>
/// One rule as written in configuration. Plain strings so that a typo gets a clear message from
/// validation at start-up rather than a binder exception.
/// </summary>
internal sealed class AccessRuleOptions
{
    /// <summary><c>allow</c> or <c>deny</c>.</summary>
    public string? Action { get; set; }

    /// <summary><c>publish</c>, <c>subscribe</c> or <c>both</c>.</summary>
    public string? Operation { get; set; }

    /// <summary>An MQTT topic filter such as <c>devices/+/telemetry</c>.</summary>
    public string? Filter { get; set; }
}
