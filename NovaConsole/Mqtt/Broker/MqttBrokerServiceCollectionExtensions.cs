using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NovaConsole.Mqtt.Broker.Access;
using NovaConsole.Mqtt.Broker.Diagnostics;

namespace NovaConsole.Mqtt.Broker;

internal static class MqttBrokerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the broker: <see cref="MqttBrokerOptions"/> bound from <c>Mqtt</c> and validated at start,
    /// <see cref="MqttBroker"/> (also as <see cref="IMqttServer"/>), <see cref="MqttConnectionHandler"/>, the
    /// anonymous access rules, graceful stop, the $SYS publisher, and <see cref="AnonymousBrokerHooks"/> unless
    /// the product registers its own <see cref="IMqttBrokerHooks"/> (before or after this call). Listeners are the
    /// host's business: <c>listenOptions.UseConnectionHandler&lt;MqttConnectionHandler&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddMqttBroker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MqttBrokerOptions>()
            .Bind(configuration.GetSection(MqttBrokerOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MqttBrokerOptions>, MqttBrokerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMqttAnonymousAccess(configuration);
        services.TryAddSingleton<IMqttBrokerHooks, AnonymousBrokerHooks>();
        services.TryAddSingleton<MqttBroker>();
        services.TryAddSingleton<IMqttServer>(sp => sp.GetRequiredService<MqttBroker>());
        services.TryAddSingleton<MqttConnectionHandler>();
        services.AddHostedService<MqttBrokerLifetime>();
        services.AddHostedService<SysTopicPublisher>();
        return services;
    }

    /// <summary>The house's <c>builder.AddX()</c> shape for Program.cs.</summary>
    public static IHostApplicationBuilder AddMqttBroker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMqttBroker(builder.Configuration);
        return builder;
    }
}
