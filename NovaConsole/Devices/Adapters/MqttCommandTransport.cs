using NovaConsole.Commands;
using NovaConsole.Mqtt.Broker;
using NovaConsole.Mqtt.Protocol;

namespace NovaConsole.Devices.Adapters;

/// <summary>
/// Commands to MQTT devices. Which seed a device speaks is read from what it subscribed to: a device listening
/// on <c>novacloud/devices/{id}/command</c> gets seed 004 §2.5 commands, any other device seed 000 §4.2 ones.
/// </summary>
internal sealed class MqttCommandTransport(IMqttServer broker, CommandResponses responses) : IDeviceCommandTransport
{
    public const string TransportName = "mqtt";

    public string Name => TransportName;

    public bool CanReach(string deviceId) => Client(deviceId) is not null;

    public async Task<CommandDispatch> SendAsync(DeviceCommand command, CancellationToken cancellationToken)
    {
        if (Client(command.DeviceId) is not { } client) return CommandDispatch.Refused("The device has no MQTT connection.");
        var message = SpeaksNovaCloud(client)
            ? MqttCommandPayloads.NovaCloud(command)
            : MqttCommandPayloads.ThingsPanel(command);
        Action? delivered = message.AwaitsDelivery ? () => _ = responses.OnDeliveredAsync(command.DeviceId, command.Id) : null;
        var properties = client.ProtocolVersion == MqttProtocolVersion.V500 ? MqttCommandPayloads.RequestProperties(command, message) : null;
        await broker.PublishAsync(message.Topic, message.Payload, MqttQualityOfService.AtLeastOnce, retain: false, delivered, properties);
        return message.Dispatch;
    }

    /// <summary>Seed 004 §2.5 answers carry only the command name; seed 000 ones name the message_id.</summary>
    public bool AnswersByNameOnly(string deviceId) => Client(deviceId) is { } client && SpeaksNovaCloud(client);

    private static bool SpeaksNovaCloud(MqttClientInfo client)
    {
        var novaCloud = DeviceTopics.NovaCloudCommand(client.UserName!);
        return client.Subscriptions.Any(s => string.Equals(s.Filter, novaCloud, StringComparison.OrdinalIgnoreCase));
    }

    // A device may hold more than one connection (one that listens, one that only publishes): commands go to the one
    // that subscribed.
    private MqttClientInfo? Client(string deviceId) =>
        broker.GetClients().Where(c => string.Equals(c.UserName, deviceId, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(c => c.Subscriptions.Count).FirstOrDefault();
}
