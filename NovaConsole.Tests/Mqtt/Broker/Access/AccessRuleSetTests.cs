using NovaConsole.Mqtt.Broker.Access;

namespace NovaConsole.Tests.Mqtt.Broker.Access;

public sealed class AccessRuleSetTests
{
    private static AccessRuleSet Rules(params (string Action, string Operation, string Filter)[] rules) =>
        AccessRuleSet.FromOptions(new AnonymousAccessOptions
        {
            AnonymousRules = rules.Select(r => new AccessRuleOptions { Action = r.Action, Operation = r.Operation, Filter = r.Filter }).ToList(),
        });

    [Fact]
    public void Without_rules_everything_is_allowed()
    {
        var rules = Rules();
        Assert.True(rules.IsAllowed(AccessOperation.Publish, "any/topic"));
        Assert.True(rules.IsAllowed(AccessOperation.Subscribe, "#"));
        Assert.True(AccessRuleSet.AllowAll.IsAllowed(AccessOperation.Publish, "$SYS/x"));
    }

    [Fact]
    public void A_topic_no_rule_matches_is_allowed()
    {
        var rules = Rules(("deny", "both", "secret/#"));
        Assert.True(rules.IsAllowed(AccessOperation.Publish, "public/news"));
        Assert.False(rules.IsAllowed(AccessOperation.Publish, "secret/plans"));
    }

    [Fact]
    public void The_first_matching_rule_wins()
    {
        var rules = Rules(
            ("allow", "publish", "devices/lamp/cmd"),
            ("deny", "publish", "devices/+/cmd"),
            ("allow", "publish", "devices/#"));

        Assert.True(rules.IsAllowed(AccessOperation.Publish, "devices/lamp/cmd"));
        Assert.False(rules.IsAllowed(AccessOperation.Publish, "devices/heater/cmd"));
        Assert.True(rules.IsAllowed(AccessOperation.Publish, "devices/heater/state"));
        Assert.Equal("deny publish devices/+/cmd", rules.FindDecidingRule(AccessOperation.Publish, "devices/x/cmd")!.ToString());
        Assert.Null(rules.FindDecidingRule(AccessOperation.Publish, "elsewhere"));
    }

    [Fact]
    public void A_rule_applies_only_to_its_operation()
    {
        var rules = Rules(("deny", "publish", "sensors/#"), ("deny", "subscribe", "cmd/#"));

        Assert.False(rules.IsAllowed(AccessOperation.Publish, "sensors/t1"));
        Assert.True(rules.IsAllowed(AccessOperation.Subscribe, "sensors/#"));
        Assert.True(rules.IsAllowed(AccessOperation.Publish, "cmd/reboot"));
        Assert.False(rules.IsAllowed(AccessOperation.Subscribe, "cmd/+"));
    }

    [Fact]
    public void Both_covers_publish_and_subscribe()
    {
        var rules = Rules(("deny", "both", "private/#"));
        Assert.False(rules.IsAllowed(AccessOperation.Publish, "private/a"));
        Assert.False(rules.IsAllowed(AccessOperation.Subscribe, "private/+"));
    }

    [Theory]
    [InlineData("devices/#", "devices/+/x", true)]
    [InlineData("devices/#", "devices/#", true)]
    [InlineData("devices/#", "devices", true)]
    [InlineData("devices/#", "devices/a/x", true)]
    [InlineData("devices/a/x", "devices/+/x", false)]
    [InlineData("devices/a/x", "devices/a/x", true)]
    [InlineData("devices/+/x", "devices/+/x", true)]
    [InlineData("devices/+/x", "devices/a/x", true)]
    [InlineData("devices/+/x", "devices/#", false)]
    [InlineData("devices/+", "devices/#", false)]
    [InlineData("devices/+/#", "devices/#", false)]
    [InlineData("devices/+/#", "devices/+/#", true)]
    [InlineData("devices", "devices/#", false)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("#", "+/x", true)]
    [InlineData("#", "#", true)]
    [InlineData("#", "$SYS/#", false)]
    [InlineData("+/#", "$SYS/broker", false)]
    [InlineData("$SYS/#", "$SYS/+", true)]
    public void A_rule_covers_a_subscription_only_when_it_matches_everything_the_subscription_can(
        string rule, string requested, bool covered) =>
        Assert.Equal(covered, AccessRuleSet.Covers(rule, requested));

    [Fact]
    public void A_specific_deny_does_not_refuse_a_broader_subscription_but_is_checked_per_message()
    {
        var rules = Rules(("deny", "subscribe", "devices/a/x"));

        Assert.True(rules.IsAllowed(AccessOperation.Subscribe, "devices/+/x"));
        Assert.False(rules.IsAllowed(AccessOperation.Subscribe, "devices/a/x"));
    }

    [Fact]
    public void Rule_values_are_case_insensitive()
    {
        var rules = Rules(("DENY", "Publish", "a"));
        Assert.False(rules.IsAllowed(AccessOperation.Publish, "a"));
    }

    [Fact]
    public void Evaluating_rules_allocates_nothing()
    {
        var rules = Rules(("allow", "publish", "a/b"), ("deny", "both", "devices/+/cmd"), ("allow", "subscribe", "devices/#"));
        bool any = false;
        for (int i = 0; i < 1_000; i++)
        {
            any |= rules.IsAllowed(AccessOperation.Publish, "devices/x/cmd") | rules.IsAllowed(AccessOperation.Subscribe, "devices/+/state");
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            any |= rules.IsAllowed(AccessOperation.Publish, "devices/x/cmd") | rules.IsAllowed(AccessOperation.Subscribe, "devices/+/state");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(any);
    }
}
