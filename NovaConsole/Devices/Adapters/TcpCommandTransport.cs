using Microsoft.AspNetCore.Connections;
using NovaConsole.Commands;
using NovaConsole.Devices.Tcp;

namespace NovaConsole.Devices.Adapters;

/// <summary>
/// Commands over the device TCP listener (seed 004 §3.3): every kind goes out as one {"type":"command"} line whose
/// command_id is the operation-log entry's id; control is "set_actuator", a command its method. The device's
/// command_response comes back through the TCP hooks, which hand it to <see cref="OnCommandResponseAsync"/>.
/// </summary>
internal sealed class TcpCommandTransport(DeviceTcpSessions sessions, CommandResponses responses) : IDeviceCommandTransport
{
    public const string TransportName = "tcp";

    public string Name => TransportName;

    public bool CanReach(string deviceId) => sessions.Find(deviceId)?.Session is not null;

    public async Task<CommandDispatch> SendAsync(DeviceCommand command, CancellationToken cancellationToken)
    {
        if (sessions.Find(command.DeviceId) is not { Session: not null } connection)
        {
            return CommandDispatch.Refused("the device's TCP connection closed before the command could be written");
        }
        try
        {
            await connection.SendCommandAsync(command.CommandId, command.Name, command.Params);
            return CommandDispatch.Delivered(command.CommandId);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ConnectionResetException or OperationCanceledException)
        {
            return CommandDispatch.Refused($"could not write to the TCP connection: {e.Message}");
        }
    }

    /// <summary>The TCP hooks adapter calls this from <see cref="IDeviceTcpHooks.OnCommandResponseAsync"/>.</summary>
    public async ValueTask OnCommandResponseAsync(DeviceTcpSession session, CommandResponseMessage message, CancellationToken ct) =>
        await responses.OnTcpResponse(session.DeviceId, message.CommandId, message.Result, message.Data?.GetRawText(), ct);
}
