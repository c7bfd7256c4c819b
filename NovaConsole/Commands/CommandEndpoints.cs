using System.Text.Json;
using NovaConsole.Accounts;
using NovaConsole.Devices;

namespace NovaConsole.Commands;

/// <summary>Body of POST /api/v1/devices/{deviceId}/commands.</summary>
internal sealed record SendCommandRequest(string? Kind, string? Name, JsonElement? Params);

/// <summary>/api/v1/devices/{id}/commands and /api/v1/commands: any signed-in user reads the log; Operators send.</summary>
internal static class CommandEndpoints
{
    private const string Shape =
        "{\"kind\": \"control\" | \"command\" | \"attributes.set\" | \"attributes.get\", \"name\"?: \"method (for a command)\", \"params\": {...}}";

    public static RouteGroupBuilder MapCommandApi(this RouteGroupBuilder api)
    {
        api.MapPost("/devices/{deviceId}/commands", async (string deviceId, SendCommandRequest? request, CommandService commands, HttpContext http, CancellationToken ct) =>
        {
            if (request is null) return ApiProblems.BadRequest($"Send JSON: {Shape}.");
            if (!CommandNames.TryParseKind(request.Kind, out var kind))
            {
                return ApiProblems.BadRequest($"kind must be control, command, attributes.set or attributes.get; not '{DeviceRules.Shorten(request.Kind ?? "")}'.");
            }
            var user = http.User.Identity?.Name ?? "unknown";
            var sent = await commands.SendAsync(deviceId, new CommandRequest(kind, request.Name, request.Params), CommandOrigin.Manual(user), ct);
            return sent.Succeeded ? Results.Accepted($"/api/v1/commands/{sent.Value!.Id}", sent.Value) : ApiProblems.From(sent);
        }).RequireAuthorization(Policies.Operator)
            .WithSummary($"Send a command to a device (Operator): {Shape}. 202 with the log entry: state sent, or failed with the reason (device offline, transport error).");

        api.MapGet("/devices/{deviceId}/commands", async (string deviceId, int? take, CommandStore store, DeviceRegistry registry, CancellationToken ct) =>
        {
            if (take is < 1 or > CommandQuery.MaxTake) return ApiProblems.BadRequest($"take must be between 1 and {CommandQuery.MaxTake}.");
            if (await registry.GetAsync(deviceId, ct) is null)
            {
                return Results.Problem($"No device with id '{DeviceRules.Shorten(deviceId)}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }
            return Results.Ok(await store.ListAsync(new CommandQuery(DeviceId: deviceId, Take: take ?? 50), ct));
        }).WithSummary("A device's operation log, newest first (take: 1-500, default 50).");

        api.MapGet("/commands", async (string? state, string? origin, string? search, int? take, CommandStore store, CancellationToken ct) =>
        {
            if (take is < 1 or > CommandQuery.MaxTake) return ApiProblems.BadRequest($"take must be between 1 and {CommandQuery.MaxTake}.");
            CommandState? stateFilter = null;
            if (!string.IsNullOrEmpty(state))
            {
                if (!CommandNames.TryParseState(state, out var s)) return ApiProblems.BadRequest("state must be pending, sent, responded, failed or unmatched.");
                stateFilter = s;
            }
            CommandOriginKind? originFilter = null;
            if (!string.IsNullOrEmpty(origin))
            {
                if (!CommandNames.TryParseOrigin(origin, out var o)) return ApiProblems.BadRequest("origin must be manual, automatic or device.");
                originFilter = o;
            }
            return Results.Ok(await store.ListAsync(new CommandQuery(null, stateFilter, originFilter, search, take ?? 100), ct));
        }).WithSummary("Every device's operation log, newest first: state, origin, search (device, name, issuer), take (1-500, default 100).");

        api.MapGet("/commands/{id:long}", async (long id, CommandStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } entry
                ? Results.Ok(entry)
                : Results.Problem($"No command with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found"))
            .WithSummary("One operation-log entry.");
        return api;
    }
}
