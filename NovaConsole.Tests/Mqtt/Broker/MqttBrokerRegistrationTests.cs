using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Tests.Mqtt.Broker;

public sealed class MqttBrokerRegistrationTests
{
    [Fact]
    public void Defaults_are_the_documented_safe_values_and_valid()
    {
        var o = new MqttBrokerOptions();
        Assert.Equal((256 * 1024, 50_000, 100, 1_000, 32, 65_535, 128, 10, false), (o.MaxPacketSize, o.MaxConnections, o.MaxSubscriptionsPerClient, o.MaxQueuedMessagesPerSession, o.MaxInflightMessages, o.MaxTopicLength, o.MaxTopicLevels, o.ConnectTimeoutSeconds, o.AllowAnonymous));
        Assert.True(new MqttBrokerOptionsValidator().Validate(null, o).Succeeded);
    }

    [Fact]
    public void Invalid_limits_are_refused_naming_the_configuration_key()
    {
        var result = new MqttBrokerOptionsValidator().Validate(null, new MqttBrokerOptions { MaxInflightMessages = 70_000, ConnectTimeoutSeconds = 0 });
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Mqtt:MaxInflightMessages", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Mqtt:ConnectTimeoutSeconds", StringComparison.Ordinal));
    }

    [Fact]
    public void Add_mqtt_broker_binds_the_mqtt_section_and_registers_default_hooks()
    {
        using var provider = Build(new() { ["Mqtt:MaxConnections"] = "7", ["Mqtt:AllowAnonymous"] = "true" });
        Assert.Equal(7, provider.GetRequiredService<IOptions<MqttBrokerOptions>>().Value.MaxConnections);
        Assert.IsType<AnonymousBrokerHooks>(provider.GetRequiredService<IMqttBrokerHooks>());
        Assert.Same(provider.GetRequiredService<MqttBroker>(), provider.GetRequiredService<IMqttServer>());
        Assert.NotNull(provider.GetRequiredService<MqttConnectionHandler>());
    }

    [Fact]
    public void Product_hooks_registered_after_add_mqtt_broker_win()
    {
        using var provider = Build([], services => services.AddSingleton<IMqttBrokerHooks, Infrastructure.TestHooks>());
        Assert.IsType<Infrastructure.TestHooks>(provider.GetRequiredService<IMqttBrokerHooks>());
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_from_starting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Mqtt:MaxPacketSize"] = "1" });
        builder.Services.AddMqttBroker(builder.Configuration);
        using var host = builder.Build();
        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Theory]
    [InlineData(false, null, 0x05)]
    [InlineData(true, null, 0x00)]
    [InlineData(true, "someone", 0x04)]
    public async Task Default_hooks_accept_only_anonymous_clients_and_only_when_allowed(bool allowAnonymous, string? userName, byte expected)
    {
        using var provider = Build(new() { ["Mqtt:AllowAnonymous"] = allowAnonymous.ToString() });
        var hooks = provider.GetRequiredService<IMqttBrokerHooks>();
        var result = await hooks.AuthenticateAsync(new MqttConnectRequest("c", userName, null, null, MqttTransport.Tcp, MqttProtocolVersion.V311, true, 0, false, default));
        Assert.Equal(expected, (byte)result.ReturnCode);
    }

    [Fact]
    public void Default_hooks_apply_the_anonymous_rules()
    {
        using var provider = Build(new()
        {
            ["Mqtt:AllowAnonymous"] = "true",
            ["Mqtt:AnonymousRules:0:Action"] = "deny",
            ["Mqtt:AnonymousRules:0:Operation"] = "publish",
            ["Mqtt:AnonymousRules:0:Filter"] = "admin/#",
        });
        var hooks = provider.GetRequiredService<IMqttBrokerHooks>();
        var client = new MqttClientContext { ClientId = "c", ConnectionId = "1" };
        Assert.False(hooks.AuthorizePublish(client, "admin/reboot"));
        Assert.True(hooks.AuthorizePublish(client, "devices/a"));
        Assert.True(hooks.AuthorizeSubscribe(client, "admin/#"));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMqttBroker(configuration);
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
