using Microsoft.Extensions.Options;

namespace NovaConsole.Mqtt.Broker;

/// <summary>
/// The broker's housekeeping under the host: expires abandoned persistent sessions while running, and closes every
/// MQTT connection when the host stops (registered after Kestrel, so it stops before Kestrel drops the sockets).
/// </summary>
internal sealed class MqttBrokerLifetime(MqttBroker broker, IOptions<MqttBrokerOptions> options, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await broker.StopAsync(cancellationToken).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.PersistentSessionExpiryHours == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                broker.ExpireSessions();
            }
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
    }
}
