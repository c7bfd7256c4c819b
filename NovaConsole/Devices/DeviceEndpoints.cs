using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NovaConsole.Accounts;

namespace NovaConsole.Devices;

internal sealed record CreateDeviceRequest(
    string? DeviceId, string? Name, string? Description, string?[]? Tags, SensorDraft?[]? Sensors, ActuatorDraft?[]? Actuators);

internal sealed record UpdateDeviceRequest(string? Name, string? Description, string?[]? Tags, SensorDraft?[]? Sensors, ActuatorDraft?[]? Actuators);

/// <summary>A bulk action on the devices named, or (with <c>match</c> instead) on every device matching a list filter.</summary>
internal sealed record BulkDeviceRequest(string? Action, string?[]? DeviceIds, BulkMatchRequest? Match = null, int? ExpectedCount = null);

/// <summary>The devices list's filter: search text and status (online, offline, never_seen, disabled).</summary>
internal sealed record BulkMatchRequest(string? Search, string? Status);

internal sealed record DeviceKeyResponse(string DeviceId, string Key);

/// <summary>/api/v1/devices: any signed-in user reads; Operators and Admins change.</summary>
internal static partial class DeviceEndpoints
{
    /// <summary>HttpContext.Items key of the devices a bulk action by <c>match</c> changed (the audit entry names them).</summary>
    public const string BulkMatchedItem = "devices.bulk.matched";

    private const string DraftShape =
        "{\"deviceId\"?, \"name\", \"description\"?, \"tags\"?: [], \"sensors\"?: [{\"valueKey\", \"name\", \"unit\", \"dataType\"}], " +
        "\"actuators\"?: [{\"key\", \"name\", \"type\", \"min\"?, \"max\"?, \"options\"?}]}";

    public static RouteGroupBuilder MapDeviceApi(this RouteGroupBuilder devices)
    {
        devices.MapGet("/", async (string? search, string? status, string? sort, bool? desc, int? skip, int? take, DeviceRegistry registry, CancellationToken ct) =>
        {
            if (!DeviceRegistry.TryParseSort(sort, out var order))
            {
                return ApiProblems.BadRequest($"sort must be one of deviceId, name, created, lastSeen, status; not '{DeviceRules.Shorten(sort!)}'.");
            }
            if (!DeviceRegistry.TryParseStatus(status, out var state))
            {
                return ApiProblems.BadRequest($"status must be one of online, offline, never_seen, disabled; not '{DeviceRules.Shorten(status!)}'.");
            }
            if (skip < 0) return ApiProblems.BadRequest("skip must not be negative.");
            if (take < 1) return ApiProblems.BadRequest($"take must be between 1 and {DeviceQuery.MaxTake}.");
            var page = await registry.QueryAsync(new DeviceQuery(search, order, desc ?? false, skip ?? 0, Math.Min(take ?? 50, DeviceQuery.MaxTake), state), ct);
            return Results.Ok(page);
        }).WithSummary("List devices: search (id/name substring, tag prefix, tag:exact), status (online|offline|never_seen|disabled), " +
            "sort (deviceId|name|created|lastSeen|status), desc, skip, take (at most 500).");

        devices.MapGet("/{deviceId}", async (string deviceId, DeviceRegistry registry, CancellationToken ct) =>
            await registry.GetAsync(deviceId, ct) is { } device
                ? Results.Ok(device)
                : Results.Problem($"No device with id '{DeviceRules.Shorten(deviceId)}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found"))
            .WithSummary("One device with its tags, sensors and actuators (never its key).");

        devices.MapPost("/", async (CreateDeviceRequest? request, DeviceRegistry registry, IOptions<JsonOptions> json, CancellationToken ct) =>
        {
            if (request is null) return ApiProblems.BadRequest($"Send JSON: {DraftShape}.");
            var created = await registry.CreateAsync(request.DeviceId,
                new DeviceDraft(request.Name, request.Description, request.Tags, request.Sensors, request.Actuators), ct);
            if (!created.Succeeded) return ApiProblems.From(created);
            // The device's fields plus "key": the only answer that ever carries the key.
            var body = System.Text.Json.JsonSerializer.SerializeToNode(created.Value!.Device, json.Value.SerializerOptions)!.AsObject();
            body["key"] = created.Value.Key;
            return Results.Created($"/api/v1/devices/{created.Value.Device.DeviceId}", body);
        }).RequireAuthorization(Policies.Operator)
            .WithSummary("Create a device (Operator). Without deviceId one like DEV-123456 is generated. The answer holds the key, shown this once.");

        devices.MapPut("/{deviceId}", async (string deviceId, UpdateDeviceRequest? request, DeviceRegistry registry, CancellationToken ct) =>
        {
            if (request is null) return ApiProblems.BadRequest("Send JSON with the fields to change: name, description, tags, sensors, actuators.");
            var updated = await registry.UpdateAsync(deviceId,
                new DeviceDraft(request.Name, request.Description, request.Tags, request.Sensors, request.Actuators), ct);
            return updated.Succeeded ? Results.Ok(updated.Value) : ApiProblems.From(updated);
        }).RequireAuthorization(Policies.Operator)
            .WithSummary("Change a device (Operator). Fields left out stay as they are; an empty list clears tags, sensors or actuators.");

        devices.MapDelete("/{deviceId}", async (string deviceId, DeviceRegistry registry, CancellationToken ct) =>
        {
            var deleted = await registry.DeleteAsync(deviceId, ct);
            return deleted.Succeeded ? Results.NoContent() : ApiProblems.From(deleted);
        }).RequireAuthorization(Policies.Operator).WithSummary("Delete a device and close its sessions (Operator). Its telemetry, attributes, events and status history are deleted " +
            "with it (a device created again with the same id starts empty); the operation log keeps its entries.");

        devices.MapPost("/{deviceId}/key", async (string deviceId, DeviceRegistry registry, CancellationToken ct) =>
        {
            var reset = await registry.ResetKeyAsync(deviceId, ct);
            return reset.Succeeded ? Results.Ok(new DeviceKeyResponse(reset.Value!.Device.DeviceId, reset.Value.Key)) : ApiProblems.From(reset);
        }).RequireAuthorization(Policies.Operator)
            .WithSummary("Reset a device's key (Operator): the old key stops working and live sessions close. The answer holds the new key, shown this once.");

        devices.MapPost("/{deviceId}/enable", (string deviceId, DeviceRegistry registry, CancellationToken ct) => SetEnabledAsync(registry, deviceId, true, ct))
            .RequireAuthorization(Policies.Operator).WithSummary("Enable a device (Operator).");
        devices.MapPost("/{deviceId}/disable", (string deviceId, DeviceRegistry registry, CancellationToken ct) => SetEnabledAsync(registry, deviceId, false, ct))
            .RequireAuthorization(Policies.Operator).WithSummary("Disable a device and close its sessions (Operator).");

        devices.MapPost("/bulk", async (BulkDeviceRequest? request, DeviceRegistry registry, HttpContext http, CancellationToken ct) =>
        {
            BulkAction? action = request?.Action?.Trim().ToLowerInvariant() switch
            {
                "enable" => BulkAction.Enable,
                "disable" => BulkAction.Disable,
                "delete" => BulkAction.Delete,
                _ => null,
            };
            if (action is null || (request!.DeviceIds is null) == (request.Match is null))
            {
                return ApiProblems.BadRequest("Send JSON: {\"action\": \"enable\" | \"disable\" | \"delete\", \"deviceIds\": [\"...\"]} " +
                    "or, for every device matching the list's filter, {\"action\", \"match\": {\"search\"?, \"status\"?}, \"expectedCount\"?}.");
            }
            if (request.Match is { } match)
            {
                if (!DeviceRegistry.TryParseStatus(match.Status, out var state))
                {
                    return ApiProblems.BadRequest("match.status must be one of online, offline, never_seen, disabled.");
                }
                if (string.IsNullOrWhiteSpace(match.Search) && state == DeviceStatusFilter.Any && request.ExpectedCount is null)
                {
                    return ApiProblems.BadRequest("A match without search or status means every device: send expectedCount (the total) to confirm.");
                }
                var matched = await registry.BulkMatchingAsync(action.Value, new DeviceMatch(match.Search, state), request.ExpectedCount, ct);
                if (matched.Succeeded) http.Items[BulkMatchedItem] = matched.Value!.Affected;
                return matched.Succeeded ? Results.Ok(matched.Value) : ApiProblems.From(matched);
            }
            var result = await registry.BulkAsync(action.Value, request.DeviceIds!, ct);
            return result.Succeeded ? Results.Ok(result.Value) : ApiProblems.From(result);
        }).RequireAuthorization(Policies.Operator).WithSummary("Enable, disable or delete many devices (Operator): deviceIds (ids that match nothing are listed in notFound), " +
            "or match {search, status} for every device the list's filter matches, with expectedCount to refuse (409) if that number changed.");

        devices.MapCsv();
        return devices;
    }

    private static async Task<IResult> SetEnabledAsync(DeviceRegistry registry, string deviceId, bool enabled, CancellationToken ct)
    {
        var changed = await registry.SetEnabledAsync(deviceId, enabled, ct);
        return changed.Succeeded ? Results.NoContent() : ApiProblems.From(changed);
    }
}
