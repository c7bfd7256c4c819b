using System.Text.Json;
using NovaConsole.Accounts;

namespace NovaConsole.Automation;

internal sealed record BacktestRequest(string? DeviceId, DateTimeOffset? From, DateTimeOffset? To);

internal sealed record AcknowledgeRequest(string? Comment);

internal sealed record RaiseAlarmRequest(string? DeviceId, string? Type, string? Severity, string? Message);

/// <summary>/api/v1/rules and /api/v1/alarms: any signed-in user reads; Operators and Admins change.</summary>
internal static class AutomationEndpoints
{
    public static RouteGroupBuilder MapRuleApi(this RouteGroupBuilder api)
    {
        api.MapGet("/rules", async (RuleService rules, CancellationToken ct) => Results.Ok(await rules.ListAsync(ct)))
            .WithSummary("Every rule with its state (enabled, disabledReason when the breaker stopped it).");
        api.MapPost("/rules", async (JsonElement? body, RuleService rules, CancellationToken ct) =>
        {
            if (body is not { } b) return ApiProblems.BadRequest("Send the rule as JSON.");
            var created = await rules.CreateAsync(b, ct);
            return created.Succeeded ? Results.Created($"/api/v1/rules/{created.Value!["id"]}", created.Value) : ApiProblems.From(created);
        }).RequireAuthorization(Policies.Operator)
            .WithSummary("Create a rule (Operator): {name, trigger: {kind, deviceId|tag, key, operator, value, deadband, for, clearFor}, actions: [...]}.");
        api.MapGet("/rules/{id:long}", async (long id, RuleService rules, CancellationToken ct) =>
            await rules.GetAsync(id, ct) is { } rule ? Results.Ok(rule) : NotFound(id));
        api.MapPut("/rules/{id:long}", async (long id, JsonElement? body, RuleService rules, CancellationToken ct) =>
        {
            if (body is not { } b) return ApiProblems.BadRequest("Send the rule as JSON.");
            var updated = await rules.UpdateAsync(id, b, ct);
            return updated.Succeeded ? Results.Ok(updated.Value) : ApiProblems.From(updated);
        }).RequireAuthorization(Policies.Operator).WithSummary("Replace a rule (Operator); its per-device states start afresh.");
        api.MapDelete("/rules/{id:long}", async (long id, RuleService rules, CancellationToken ct) =>
        {
            var deleted = await rules.DeleteAsync(id, ct);
            return deleted.Succeeded ? Results.NoContent() : ApiProblems.From(deleted);
        }).RequireAuthorization(Policies.Operator);
        api.MapPost("/rules/{id:long}/enable", (long id, RuleService rules, CancellationToken ct) => SetEnabled(id, true, rules, ct))
            .RequireAuthorization(Policies.Operator).WithSummary("Enable a rule (also after the breaker disabled it).");
        api.MapPost("/rules/{id:long}/disable", (long id, RuleService rules, CancellationToken ct) => SetEnabled(id, false, rules, ct))
            .RequireAuthorization(Policies.Operator);
        api.MapGet("/rules/{id:long}/runs", async (long id, int? take, RuleService rules, CancellationToken ct) =>
        {
            if (take is < 1 or > AutomationStore.MaxRunsPerRule) return ApiProblems.BadRequest($"take must be between 1 and {AutomationStore.MaxRunsPerRule}.");
            var runs = await rules.RunsAsync(id, take ?? 100, ct);
            return runs.Succeeded ? Results.Ok(runs.Value) : ApiProblems.From(runs);
        }).WithSummary("A rule's runs, newest first: trigger value and time, depth, each action's outcome and operation-log entry.");
        api.MapGet("/rules/{id:long}/runs/export.csv", async (long id, AutomationStore store, HttpContext http, CancellationToken ct) =>
            await store.GetRuleAsync(id, ct) is null ? NotFound(id)
                : Results.Stream(body => AutomationCsv.WriteRunsAsync(body, store.ReadRunsAsync(id, http.RequestAborted)), "text/csv", $"rule-{id}-runs.csv"))
            .WithSummary("Every kept run of the rule as CSV, newest first (conditions and steps as JSON cells).");
        api.MapPost("/rules/{id:long}/backtest", async (long id, BacktestRequest? request, RuleService rules, CancellationToken ct) =>
        {
            if (request?.From is not { } from || request.To is not { } to) return ApiProblems.BadRequest("Send {deviceId, from, to} (ISO 8601 times).");
            var result = await rules.BacktestAsync(id, request.DeviceId, from, to, ct);
            return result.Succeeded ? Results.Ok(result.Value) : ApiProblems.From(result);
        }).RequireAuthorization(Policies.Operator)
            .WithSummary("Replay a device's stored telemetry through the rule (for, deadband, cooldown on a virtual clock): when it would have fired and what it would have sent.");
        return api;
    }

    public static RouteGroupBuilder MapAlarmApi(this RouteGroupBuilder api)
    {
        api.MapGet("/alarms", async (string? deviceId, string? state, string? severity, string? type, int? take, AlarmService alarms, CancellationToken ct) =>
        {
            if (take is < 1 or > AlarmService.MaxTake) return ApiProblems.BadRequest($"take must be between 1 and {AlarmService.MaxTake}.");
            if (state is not null && !AlarmService.States.Contains(state)) return ApiProblems.BadRequest($"state must be one of {string.Join(", ", AlarmService.States)}.");
            if (severity is not null && !Enum.TryParse<AlarmSeverity>(severity, true, out _)) return ApiProblems.BadRequest("severity must be critical, major, minor or warning.");
            return Results.Ok(await alarms.ListAsync(new AlarmQuery(deviceId, state, severity?.ToLowerInvariant(), type, take ?? 100), ct));
        }).WithSummary("Alarms, newest first: deviceId, state (active, cleared or one of the four ack/clear states), severity, type, take.");
        api.MapGet("/alarms/export.csv", (string? deviceId, string? state, string? severity, string? type, AlarmService alarms, HttpContext http) =>
        {
            if (state is not null && !AlarmService.States.Contains(state)) return ApiProblems.BadRequest($"state must be one of {string.Join(", ", AlarmService.States)}.");
            if (severity is not null && !Enum.TryParse<AlarmSeverity>(severity, true, out _)) return ApiProblems.BadRequest("severity must be critical, major, minor or warning.");
            var query = new AlarmQuery(deviceId, state, severity?.ToLowerInvariant(), type);
            return Results.Stream(body => AutomationCsv.WriteAlarmsAsync(body, alarms.ReadAllAsync(query, http.RequestAborted)), "text/csv", "alarms.csv");
        }).WithSummary("Every alarm of the filter (deviceId, state, severity, type) as CSV, newest first.");
        api.MapPost("/alarms", async (RaiseAlarmRequest? request, AlarmService alarms, NovaConsole.Devices.DeviceRegistry devices, CancellationToken ct) =>
        {
            if (request?.DeviceId is not { } deviceId || string.IsNullOrWhiteSpace(request.Type)) return ApiProblems.BadRequest("Send {deviceId, type, severity?, message?}.");
            if (await devices.GetAsync(deviceId, ct) is not { } device) return ApiProblems.BadRequest($"deviceId: no device with id '{NovaConsole.Devices.DeviceRules.Shorten(deviceId)}'.");
            var severity = AlarmSeverity.Major;
            if (request.Severity is not null && (!Enum.TryParse(request.Severity, true, out severity) || !Enum.IsDefined(severity)))
            {
                return ApiProblems.BadRequest("severity must be critical, major, minor or warning.");
            }
            if (request.Type.Length > 100) return ApiProblems.BadRequest("type: at most 100 characters.");
            return Results.Ok(await alarms.RaiseAsync(device.DeviceId, request.Type.Trim(), severity, request.Message, null, null, ct));
        }).RequireAuthorization(Policies.Operator).WithSummary("Raise an alarm (Operator); an active one of the same (device, type) is updated instead.");
        api.MapPost("/alarms/{id:long}/acknowledge", async (long id, AcknowledgeRequest? request, AlarmService alarms, HttpContext http, CancellationToken ct) =>
            await alarms.AcknowledgeAsync(id, http.User.Identity?.Name ?? "unknown", request?.Comment, ct) is { } alarm ? Results.Ok(alarm) : AlarmNotFound(id))
            .RequireAuthorization(Policies.Operator).WithSummary("Acknowledge an alarm with an optional comment; who and when are recorded.");
        api.MapPost("/alarms/{id:long}/clear", async (long id, AlarmService alarms, CancellationToken ct) =>
            await alarms.ClearAsync(id, ct) is { } alarm ? Results.Ok(alarm) : AlarmNotFound(id))
            .RequireAuthorization(Policies.Operator);
        return api;
    }

    private static async Task<IResult> SetEnabled(long id, bool enabled, RuleService rules, CancellationToken ct)
    {
        var result = await rules.SetEnabledAsync(id, enabled, ct);
        return result.Succeeded ? Results.Ok(result.Value) : ApiProblems.From(result);
    }

    private static IResult NotFound(long id) => Results.Problem($"No rule with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static IResult AlarmNotFound(long id) => Results.Problem($"No alarm with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
