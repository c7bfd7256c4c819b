using NovaConsole.Accounts;

namespace NovaConsole.Devices.Presence;

internal sealed record StatusHistoryDto(DateTimeOffset At, bool Online, string? Transport, string Reason);

internal static class PresenceHistoryEndpoints
{
    /// <summary>/api/v1/devices/{deviceId}/status-history: any signed-in user (the fallback policy).</summary>
    public static RouteGroupBuilder MapStatusHistoryApi(this RouteGroupBuilder devices)
    {
        devices.MapGet("/{deviceId}/status-history", async (string deviceId, int? take, DeviceRegistry registry, PresenceHistory history, CancellationToken ct) =>
        {
            if (take is < 1 or > PresenceHistory.MaxTake) return ApiProblems.BadRequest($"take must be between 1 and {PresenceHistory.MaxTake}.");
            if (await registry.GetAsync(deviceId, ct) is null)
            {
                return Results.Problem($"No device with id '{DeviceRules.Shorten(deviceId)}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }
            var entries = await history.ReadAsync(deviceId, take ?? PresenceHistory.DefaultTake, ct);
            return Results.Ok(entries.Select(e => new StatusHistoryDto(e.At, e.Online, e.Transport, e.Reason)));
        }).WithSummary("The device's online/offline changes and reported statuses, newest first (take: at most 500, default 50).");
        return devices;
    }
}
