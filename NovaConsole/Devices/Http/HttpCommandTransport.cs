using NovaConsole.Commands;

namespace NovaConsole.Devices.Http;

/// <summary>
/// Commands to devices that fetch them over HTTP (<c>GET /api/v1/d/{id}/commands</c>). Reachable while the device
/// long-polls or polled lately; a command goes to the open poll at once, or waits (logged as queued) for the next
/// one. The device answers with <c>POST .../commands/{id}/response</c>, the id being the operation-log entry's, as
/// the TCP command_id (seed 004 §3.3).
/// </summary>
internal sealed class HttpCommandTransport(HttpCommandMailbox mailbox, PendingCommands pending) : IDeviceCommandTransport
{
    public string Name => HttpDeviceApi.Transport;

    public bool CanReach(string deviceId) => mailbox.IsReachable(deviceId);

    public Task<CommandDispatch> SendAsync(DeviceCommand command, CancellationToken cancellationToken) =>
        Task.FromResult(mailbox.Offer(command, pending.Contains) switch
        {
            HttpCommandOffer.HandedToPoll => CommandDispatch.Delivered(command.CommandId),
            HttpCommandOffer.Held => CommandDispatch.Held(
                "Queued: the device fetches commands over HTTP and has no poll open now; it gets this one with its next poll (or it times out)."),
            _ => CommandDispatch.Refused("the device's HTTP command queue is full: it has not fetched the commands already waiting for it"),
        });
}
