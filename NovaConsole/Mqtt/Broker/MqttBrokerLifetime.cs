namespace NovaConsole.Mqtt.Broker;

/// <summary>Closes every MQTT connection when the host stops (before Kestrel drops the sockets).</summary>
internal sealed class MqttBrokerLifetime(MqttBroker broker) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => broker.StopAsync(cancellationToken);
}
