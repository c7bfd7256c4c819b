using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Mqtt.Broker.Diagnostics;

/// <summary>
/// Publishes broker statistics under <c>$SYS/broker/</c> every <see cref="MqttBrokerOptions.SysIntervalSeconds"/>,
/// retained, with mosquitto's topic names where one exists, so existing dashboards and
/// <c>mosquitto_sub -t '$SYS/#'</c> work. Clients may subscribe; they may not publish to '$' topics.
/// </summary>
internal sealed class SysTopicPublisher(MqttBroker broker, IOptions<MqttBrokerOptions> options, TimeProvider time, ILogger<SysTopicPublisher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.SysIntervalSeconds;
        if (seconds == 0)
        {
            return;
        }

        await PublishOnceAsync(includeVersion: true).ConfigureAwait(false);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await PublishOnceAsync(includeVersion: false).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
    }

    internal async Task PublishOnceAsync(bool includeVersion)
    {
        try
        {
            var s = broker.GetStatistics();
            if (includeVersion)
            {
                await Publish("$SYS/broker/version", "NovaConsole MQTT broker (MQTT 3.1.1)").ConfigureAwait(false);
            }

            await Publish("$SYS/broker/uptime", $"{(long)s.Uptime.TotalSeconds} seconds").ConfigureAwait(false);
            await Publish("$SYS/broker/clients/connected", s.ConnectedClients).ConfigureAwait(false);
            await Publish("$SYS/broker/clients/total", s.Sessions).ConfigureAwait(false);
            await Publish("$SYS/broker/messages/received", s.MessagesReceived).ConfigureAwait(false);
            await Publish("$SYS/broker/messages/sent", s.MessagesSent).ConfigureAwait(false);
            await Publish("$SYS/broker/messages/dropped", s.MessagesDropped).ConfigureAwait(false);
            await Publish("$SYS/broker/bytes/received", s.BytesReceived).ConfigureAwait(false);
            await Publish("$SYS/broker/bytes/sent", s.BytesSent).ConfigureAwait(false);
            await Publish("$SYS/broker/subscriptions/count", s.Subscriptions).ConfigureAwait(false);
            await Publish("$SYS/broker/retained messages/count", s.RetainedMessages).ConfigureAwait(false);
            await Publish("$SYS/broker/store/messages/count", s.QueuedMessages).ConfigureAwait(false);
            await Publish("$SYS/broker/store/messages/bytes", s.QueuedMessageBytes).ConfigureAwait(false);
            await Publish("$SYS/broker/subscriptions/bytes", s.SubscriptionBytes).ConfigureAwait(false);
            await Publish("$SYS/broker/retained messages/bytes", s.RetainedBytes).ConfigureAwait(false);
            await Publish("$SYS/broker/load/messages/received/persecond", s.MessagesReceivedPerSecond).ConfigureAwait(false);
            await Publish("$SYS/broker/load/messages/sent/persecond", s.MessagesSentPerSecond).ConfigureAwait(false);
            await Publish("$SYS/broker/load/bytes/received/persecond", s.BytesReceivedPerSecond).ConfigureAwait(false);
            await Publish("$SYS/broker/load/bytes/sent/persecond", s.BytesSentPerSecond).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            MqttBrokerLog.SysPublishFailed(logger, ex);
        }
    }

    private ValueTask Publish(string topic, double value) =>
        Publish(topic, value.ToString("0.##", CultureInfo.InvariantCulture));

    private ValueTask Publish(string topic, long value) => Publish(topic, value.ToString(CultureInfo.InvariantCulture));

    private ValueTask Publish(string topic, string value) =>
        broker.PublishAsync(topic, Encoding.UTF8.GetBytes(value), MqttQualityOfService.AtMostOnce, retain: true);
}
