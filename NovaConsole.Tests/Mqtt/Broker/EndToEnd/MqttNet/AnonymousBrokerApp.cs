using NovaConsole.Tests.Infrastructure;

namespace NovaConsole.Tests.Mqtt.Broker.EndToEnd.MqttNet;

/// <summary>
/// The real app with anonymous MQTT clients allowed (no access rules, so any topic), shared by one test class:
/// each test uses its own topic prefix and client ids, so one start serves them all on a 2-core machine.
/// </summary>
public sealed class AnonymousBrokerApp : IAsyncLifetime
{
    public AppHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await AppHost.StartAsync("--Mqtt:AllowAnonymous=true");

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
