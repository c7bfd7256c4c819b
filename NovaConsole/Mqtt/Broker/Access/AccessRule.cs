using NovaConsole.Mqtt.Broker.Routing;

namespace NovaConsole.Mqtt.Broker.Access;

/// <summary>What a client asks to do with a topic.</summary>
internal enum AccessOperation : byte
{
    Publish,
    Subscribe,
}

internal enum AccessAction : byte
{
    Allow,
    Deny,
}

[Flags]
internal enum AccessOperations : byte
{
    Publish = 1,
    Subscribe = 2,
    Both = Publish | Subscribe,
}

/// <summary>A parsed, valid access rule.</summary>
internal sealed record AccessRule(AccessAction Action, AccessOperations Operations, string Filter)
{
    public bool AppliesTo(AccessOperation operation) => operation switch
    {
        AccessOperation.Publish => (Operations & AccessOperations.Publish) != 0,
        AccessOperation.Subscribe => (Operations & AccessOperations.Subscribe) != 0,
        _ => false,
    };

    /// <summary>
    /// Parses a configured rule. <paramref name="error"/> names the offending field and value.
    /// </summary>
    public static bool TryParse(AccessRuleOptions options, out AccessRule? rule, out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        rule = null;

        AccessAction action;
        switch (options.Action?.Trim().ToLowerInvariant())
        {
            case "allow":
                action = AccessAction.Allow;
                break;
            case "deny":
                action = AccessAction.Deny;
                break;
            default:
                error = $"Action '{options.Action}' is not one of: allow, deny.";
                return false;
        }

        AccessOperations operations;
        switch (options.Operation?.Trim().ToLowerInvariant())
        {
            case "publish":
                operations = AccessOperations.Publish;
                break;
            case "subscribe":
                operations = AccessOperations.Subscribe;
                break;
            case "both":
                operations = AccessOperations.Both;
                break;
            default:
                error = $"Operation '{options.Operation}' is not one of: publish, subscribe, both.";
                return false;
        }

        var filterError = options.Filter is null ? TopicError.Empty : TopicFilter.Validate(options.Filter);
        if (filterError != TopicError.None)
        {
            error = $"Filter '{options.Filter}' is not a valid MQTT topic filter: {filterError.Describe()}.";
            return false;
        }

        rule = new AccessRule(action, operations, options.Filter!);
        error = null;
        return true;
    }

    public override string ToString() => $"{Action.ToString().ToLowerInvariant()} {Operations.ToString().ToLowerInvariant()} {Filter}";
}
