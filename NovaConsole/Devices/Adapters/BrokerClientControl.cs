using NovaConsole.Devices.Presence;
using NovaConsole.Mqtt.Broker;

namespace NovaConsole.Devices.Adapters;

/// <summary>
/// What the console's broker page does to clients, kept here so the page sees the broker but not the domain.
/// A disconnect notes its reason first, as key reset and disable do, so the device's status says an admin closed it
/// instead of a bare "closed by the platform".
/// </summary>
internal sealed class BrokerClientControl(IMqttServer broker, PlatformCloseReasons reasons, IDevicePresence presence)
{
    public const string DisconnectedByAdmin = "disconnected by an admin on the Broker page";

    /// <summary>Whether a client's user name is a device that is online now (the page links it to the device).</summary>
    public bool IsOnlineDevice(string? userName) => userName is not null && presence.IsOnline(userName);

    /// <returns>false when the client had already gone.</returns>
    public async Task<bool> DisconnectAsync(MqttClientInfo client)
    {
        if (client.UserName is { } deviceId) reasons.Note(deviceId, DisconnectedByAdmin);
        var closed = await broker.DisconnectAsync(client.ClientId, MqttDisconnectReason.ServerKick);
        // The connection's close took the note; when nothing closed, drop it so it cannot explain a later, unrelated close.
        if (client.UserName is { } user) reasons.Take(user);
        return closed;
    }
}
