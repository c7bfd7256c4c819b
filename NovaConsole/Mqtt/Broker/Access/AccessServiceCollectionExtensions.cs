using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace NovaConsole.Mqtt.Broker.Access;

internal static class AccessServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Mqtt:AnonymousRules</c>, validates it when the host starts, and registers the
    /// <see cref="AccessRuleSet"/> singleton the connection layer asks. Called by the broker's own
    /// <c>AddMqttBroker</c>.
    /// </summary>
    public static IServiceCollection AddMqttAnonymousAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnonymousAccessOptions>()
            .Bind(configuration.GetSection(AnonymousAccessOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnonymousAccessOptions>, AnonymousAccessOptionsValidator>());
        services.TryAddSingleton(sp => AccessRuleSet.FromOptions(sp.GetRequiredService<IOptions<AnonymousAccessOptions>>().Value));
        return services;
    }
}
