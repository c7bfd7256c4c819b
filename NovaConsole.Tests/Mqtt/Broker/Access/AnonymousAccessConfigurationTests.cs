using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NovaConsole.Mqtt.Broker.Access;

namespace NovaConsole.Tests.Mqtt.Broker.Access;

public sealed class AnonymousAccessConfigurationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, bool fromEnvironmentStyleKeys = false)
    {
        var builder = new ConfigurationBuilder();
        if (fromEnvironmentStyleKeys)
        {
            // The environment-variable provider turns "__" into ":"; the in-memory provider takes ":" keys as-is.
            settings = settings.ToDictionary(kv => kv.Key.Replace("__", ":"), kv => kv.Value);
        }

        var configuration = builder.AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddMqttAnonymousAccess(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Rules_bind_from_configuration_in_order()
    {
        using var services = Build(new()
        {
            ["Mqtt:AnonymousRules:0:Action"] = "allow",
            ["Mqtt:AnonymousRules:0:Operation"] = "publish",
            ["Mqtt:AnonymousRules:0:Filter"] = "devices/lamp/cmd",
            ["Mqtt:AnonymousRules:1:Action"] = "deny",
            ["Mqtt:AnonymousRules:1:Operation"] = "both",
            ["Mqtt:AnonymousRules:1:Filter"] = "devices/+/cmd",
        });

        var rules = services.GetRequiredService<AccessRuleSet>();
        Assert.Equal(2, rules.Rules.Count);
        Assert.Equal(new AccessRule(AccessAction.Allow, AccessOperations.Publish, "devices/lamp/cmd"), rules.Rules[0]);
        Assert.True(rules.IsAllowed(AccessOperation.Publish, "devices/lamp/cmd"));
        Assert.False(rules.IsAllowed(AccessOperation.Publish, "devices/heater/cmd"));
    }

    [Fact]
    public void Rules_bind_from_environment_variable_style_keys()
    {
        using var services = Build(new()
        {
            ["Mqtt__AnonymousRules__0__Action"] = "deny",
            ["Mqtt__AnonymousRules__0__Operation"] = "subscribe",
            ["Mqtt__AnonymousRules__0__Filter"] = "$SYS/#",
        }, fromEnvironmentStyleKeys: true);

        var rules = services.GetRequiredService<AccessRuleSet>();
        Assert.False(rules.IsAllowed(AccessOperation.Subscribe, "$SYS/broker/+"));
        Assert.True(rules.IsAllowed(AccessOperation.Subscribe, "devices/#"));
    }

    [Fact]
    public void No_configuration_means_no_rules_and_everything_allowed()
    {
        using var services = Build([]);
        var rules = services.GetRequiredService<AccessRuleSet>();
        Assert.Empty(rules.Rules);
        Assert.True(rules.IsAllowed(AccessOperation.Publish, "x"));
    }

    [Fact]
    public void An_invalid_rule_is_refused_with_a_message_naming_its_key()
    {
        using var services = Build(new()
        {
            ["Mqtt:AnonymousRules:0:Action"] = "allow",
            ["Mqtt:AnonymousRules:0:Operation"] = "publish",
            ["Mqtt:AnonymousRules:0:Filter"] = "ok/#",
            ["Mqtt:AnonymousRules:1:Action"] = "permit",
            ["Mqtt:AnonymousRules:1:Operation"] = "publish",
            ["Mqtt:AnonymousRules:1:Filter"] = "a",
            ["Mqtt:AnonymousRules:2:Action"] = "deny",
            ["Mqtt:AnonymousRules:2:Operation"] = "read",
            ["Mqtt:AnonymousRules:2:Filter"] = "a",
            ["Mqtt:AnonymousRules:3:Action"] = "deny",
            ["Mqtt:AnonymousRules:3:Operation"] = "both",
            ["Mqtt:AnonymousRules:3:Filter"] = "a/#/b",
            ["Mqtt:AnonymousRules:4:Action"] = "deny",
            ["Mqtt:AnonymousRules:4:Operation"] = "both",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AnonymousAccessOptions>>().Value);
        var failures = ex.Failures.ToArray();
        Assert.Equal(4, failures.Length);
        Assert.Equal("Mqtt:AnonymousRules:1: Action 'permit' is not one of: allow, deny.", failures[0]);
        Assert.Equal("Mqtt:AnonymousRules:2: Operation 'read' is not one of: publish, subscribe, both.", failures[1]);
        Assert.StartsWith("Mqtt:AnonymousRules:3: Filter 'a/#/b' is not a valid MQTT topic filter: ", failures[2]);
        Assert.Contains("'#' must be the last level", failures[2]);
        Assert.StartsWith("Mqtt:AnonymousRules:4: Filter '' is not a valid", failures[3]);
    }

    [Fact]
    public async Task An_invalid_rule_stops_the_host_at_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mqtt:AnonymousRules:0:Action"] = "deny",
            ["Mqtt:AnonymousRules:0:Operation"] = "both",
            ["Mqtt:AnonymousRules:0:Filter"] = "bad+",
        });
        builder.Services.AddMqttAnonymousAccess(builder.Configuration);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Mqtt:AnonymousRules:0: Filter 'bad+'", ex.Message);
    }

    [Fact]
    public void Building_a_rule_set_from_invalid_options_throws_with_every_problem()
    {
        var options = new AnonymousAccessOptions
        {
            AnonymousRules = [new() { Action = "deny", Operation = "both", Filter = "+x" }],
        };

        var ex = Assert.Throws<InvalidOperationException>(() => AccessRuleSet.FromOptions(options));
        Assert.Contains("Mqtt:AnonymousRules:0: Filter '+x'", ex.Message);
    }
}
