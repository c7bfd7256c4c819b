using NovaConsole.Mqtt.Broker.Routing;

namespace NovaConsole.Mqtt.Broker.Access;

/// <summary>
/// Evaluates the anonymous-mode rules, like a mosquitto ACL file: rules are tried in order, the
/// first that matches decides, and when none matches the request is allowed. Immutable, so any
/// number of connections may call it at once. Allocation-free.
/// </summary>
/// <remarks>
/// <para>PUBLISH: a rule matches when its filter matches the topic name (MQTT 3.1.1 §4.7).</para>
/// <para>SUBSCRIBE: a rule matches when its filter covers every topic the requested filter could
/// match, see <see cref="Covers"/>. So a deny rule <c>devices/a/x</c> does not stop a subscription
/// to <c>devices/+/x</c>; to keep such messages from a subscriber, the connection layer can also
/// call <c>IsAllowed(Subscribe, topicName)</c> per delivered message (a name has no wildcards, so
/// coverage is plain matching).</para>
/// <para>The '$' rule of §4.7.2 applies to rules too, as in mosquitto: a rule starting with a
/// wildcard (<c>#</c>, <c>+/...</c>) never matches <c>$SYS/...</c>; write <c>$SYS/#</c> to cover them.</para>
/// </remarks>
internal sealed class AccessRuleSet
{
    private readonly AccessRule[] _rules;

    public AccessRuleSet(IEnumerable<AccessRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules.ToArray();
    }

    public static AccessRuleSet AllowAll { get; } = new([]);

    public IReadOnlyList<AccessRule> Rules => _rules;

    /// <summary>Builds the rule set from configuration; throws with every problem listed if a rule is invalid.</summary>
    public static AccessRuleSet FromOptions(AnonymousAccessOptions options)
    {
        var errors = AnonymousAccessOptionsValidator.Check(options);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }

        return new AccessRuleSet(options.AnonymousRules.Select(o =>
        {
            AccessRule.TryParse(o, out var rule, out _);
            return rule!;
        }));
    }

    public bool IsAllowed(AccessOperation operation, ReadOnlySpan<char> topic) =>
        FindDecidingRule(operation, topic) is not { Action: AccessAction.Deny };

    /// <summary>The first rule that matches, or null when the default (allow) decides; for logging.</summary>
    public AccessRule? FindDecidingRule(AccessOperation operation, ReadOnlySpan<char> topic)
    {
        foreach (var rule in _rules)
        {
            if (!rule.AppliesTo(operation))
            {
                continue;
            }

            bool matches = operation == AccessOperation.Subscribe
                ? Covers(rule.Filter, topic)
                : TopicMatcher.Matches(rule.Filter, topic);
            if (matches)
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>
    /// True when every topic name <paramref name="requested"/> can match is also matched by
    /// <paramref name="rule"/>. Level by level: a rule '#' covers whatever follows (also the parent
    /// level, as in §4.7.1.2); a rule '+' covers one literal or '+' level, but not '#'; a literal rule
    /// level covers only the same literal. So <c>devices/#</c> covers <c>devices/+/x</c>, and
    /// <c>devices/a/x</c> does not. For a requested name without wildcards this is plain matching.
    /// </summary>
    internal static bool Covers(ReadOnlySpan<char> rule, ReadOnlySpan<char> requested)
    {
        if (rule.IsEmpty || requested.IsEmpty)
        {
            return false;
        }

        // §4.7.2: a rule starting with a wildcard does not reach '$' topics.
        if (requested[0] == '$' && rule[0] is '+' or '#')
        {
            return false;
        }

        int r = 0;
        int q = 0;
        while (true)
        {
            var ruleLevel = TopicText.NextLevel(rule, r, out int nextR);
            if (ruleLevel is "#")
            {
                return true;
            }

            var requestedLevel = TopicText.NextLevel(requested, q, out int nextQ);
            bool levelCovered = ruleLevel is "+"
                ? requestedLevel is not "#"
                : requestedLevel is not ("+" or "#") && ruleLevel.SequenceEqual(requestedLevel);
            if (!levelCovered)
            {
                return false;
            }

            bool ruleDone = nextR > rule.Length;
            bool requestedDone = nextQ > requested.Length;
            if (ruleDone || requestedDone)
            {
                return ruleDone == requestedDone || (requestedDone && rule[nextR..] is "#");
            }

            r = nextR;
            q = nextQ;
        }
    }
}
