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
            // A person by name; an API token as "token:<name>", so the log tells a script's commands from its owner's.
            var user = Audit.AuditContext.Current.Name;
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

        api.MapGet("/commands", async ([AsParameters] CommandLogParameters parameters, CommandStore store, HttpContext http, CancellationToken ct) =>
        {
            if (parameters.TryBuild(100, out var query) is { } error) return ApiProblems.BadRequest(error);
            var page = await store.PageAsync(query, ct: ct);
            http.Response.Headers["X-Total-Count"] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Ok(page.Items);
        }).WithSummary("Every device's operation log, newest first, paged on the server: device, state (pending, queued, sent, delivered, responded, "
            + "responded-ok, responded-error, failed, timed-out, unmatched), origin (manual, automatic, device), kind, search (device, name, issuer), "
            + "from/to (ISO 8601, created in [from, to)), skip, take (1-500, default 100). The number of matching entries is in X-Total-Count.");

        api.MapGet("/commands/counts", async ([AsParameters] CommandLogParameters parameters, CommandStore store, CancellationToken ct) =>
            parameters.TryBuild(1, out var query) is { } error ? ApiProblems.BadRequest(error) : Results.Ok(await store.CountAsync(query, ct)))
            .WithSummary("How many entries of the filter (state, skip and take ignored) are in each status, counted in the database.");

        api.MapGet("/commands/export.csv", ([AsParameters] CommandLogParameters parameters, CommandStore store, HttpContext http) =>
        {
            if (parameters.TryBuild(1, out var query) is { } error) return ApiProblems.BadRequest(error);
            return Results.Stream(body => CommandLogCsv.WriteAsync(body, store.ReadAllAsync(query, http.RequestAborted)), "text/csv", "operation-log.csv");
        }).WithSummary("Every entry of the filter (skip and take ignored) as CSV, newest first.");

        api.MapGet("/commands/{id:long}", async (long id, CommandStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } entry
                ? Results.Ok(entry)
                : Results.Problem($"No command with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found"))
            .WithSummary("One operation-log entry.");
        return api;
    }
}
