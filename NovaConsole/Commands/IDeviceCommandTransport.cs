namespace NovaConsole.Commands;

/// <summary>
/// A way to reach devices with commands. Each transport adapter (TCP, MQTT) registers one; the command service
/// sends through the first that can reach the device. Implementations map <see cref="DeviceCommand"/> to their
/// wire shape, and report answers back through <see cref="CommandResponses"/>.
/// </summary>
internal interface IDeviceCommandTransport
{
    /// <summary>Shown in the operation log's transport column ("tcp", "mqtt-thingspanel", ...).</summary>
    string Name { get; }

    /// <summary>Whether the device has a live session on this transport now.</summary>
    bool CanReach(string deviceId);

    /// <summary>Writes the command to the device. A transport failure is a refused dispatch, not an exception.</summary>
    Task<CommandDispatch> SendAsync(DeviceCommand command, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the device's answers name the command but carry no id (seed 004 §2.5), so the command service sends it
    /// one command of a name at a time.
    /// </summary>
    bool AnswersByNameOnly(string deviceId) => false;
}
