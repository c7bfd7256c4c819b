using NovaConsole.Accounts;

namespace NovaConsole.Ota;

/// <summary>/api/v1/ota/campaigns: any signed-in user reads; Operators create and steer.</summary>
internal static class OtaCampaignEndpoints
{
    private const string Shape = "{name, packageId, targets: {deviceIds?, tag?, search?}, startAt?, rollout?: {batches: [count | \"10%\"], " +
        "pauseBetweenBatches, maxInFlight, failurePausePercent, minSample, timeouts: {ack, stall, total}, retry: {max, backoffSeconds}}, requireVersionConfirm?}";

    public static RouteGroupBuilder MapOtaCampaignApi(this RouteGroupBuilder api)
    {
        api.MapPost("/ota/campaigns", async (CreateCampaignRequest? request, bool? dryRun, OtaCampaignService campaigns, HttpContext http, CancellationToken ct) =>
        {
            if (request is null) return ApiProblems.BadRequest($"Send JSON: {Shape}.");
            if (dryRun == true)
            {
                var preview = await campaigns.DryRunAsync(request, ct);
                return preview.Succeeded ? Results.Ok(preview.Value) : ApiProblems.From(preview);
            }
            var created = await campaigns.CreateAsync(request, User(http), "manual", ct);
            return created.Succeeded ? Results.Created($"/api/v1/ota/campaigns/{created.Value}", new { id = created.Value }) : ApiProblems.From(created);
        }).RequireAuthorization(Policies.Operator)
            .WithSummary($"Create a campaign (Operator): {Shape}. ?dryRun=true answers the resolved targets, exclusions with reasons, batches and a worst-case duration, and writes nothing.");

        api.MapGet("/ota/campaigns", async (OtaCampaignService campaigns, CancellationToken ct) => Results.Ok(await campaigns.ListAsync(ct)))
            .WithSummary("The latest 200 campaigns with their counts.");
        api.MapGet("/ota/campaigns/{id:long}", async (long id, OtaCampaignService campaigns, CancellationToken ct) =>
            await campaigns.GetAsync(id, ct) is { } c ? Results.Ok(c) : NotFound(id))
            .WithSummary("A campaign: state, pause reason, batch, plan and counts {planned, queued, informed, inProgress, succeeded, failed, timedOut, cancelled, skipped}.");
        api.MapGet("/ota/campaigns/{id:long}/devices", async (long id, string? state, int? batch, int? skip, int? take, OtaCampaignService campaigns, CancellationToken ct) =>
        {
            if (take is < 1 or > OtaCampaignService.MaxTake || skip < 0) return ApiProblems.BadRequest($"take must be 1-{OtaCampaignService.MaxTake}, skip 0 or more.");
            if (batch < 0) return ApiProblems.BadRequest("batch is 1 or more (0: the skipped devices).");
            return await campaigns.DevicesAsync(id, new CampaignDeviceFilter(state, batch), skip ?? 0, take ?? 200, ct) is { } rows ? Results.Ok(rows) : NotFound(id);
        }).WithSummary("A campaign's devices in order: state, attempt, step, bytes served, failure class and raw code (state and batch filters, batch 1-based, "
            + "0 for skipped devices; skip, take 1-1000).");
        api.MapGet("/ota/campaigns/{id:long}/devices.csv", async (long id, string? state, int? batch, OtaCampaignService campaigns, OtaCampaignReads reads, HttpContext http, CancellationToken ct) =>
        {
            if (batch < 0) return ApiProblems.BadRequest("batch is 1 or more (0: the skipped devices).");
            if (!await campaigns.ExistsAsync(id, ct)) return NotFound(id);
            var filter = new CampaignDeviceFilter(state, batch);
            return Results.Stream(body => OtaCampaignCsv.WriteAsync(body, reads.ReadAllAsync(id, filter, http.RequestAborted)), "text/csv", $"ota-campaign-{id}-devices.csv");
        }).WithSummary("Every device of the campaign (state and batch filters as for /devices) as CSV, in task order.");
        api.MapGet("/ota/campaigns/{id:long}/batches", async (long id, OtaCampaignService campaigns, OtaCampaignReads reads, CancellationToken ct) =>
            await campaigns.ExistsAsync(id, ct) ? Results.Ok(await reads.BatchesAsync(id, ct)) : NotFound(id))
            .WithSummary("The batch timeline: per batch (0-based) its devices, waiting, active, succeeded, failed (timed out included) and cancelled.");

        api.MapPost("/ota/campaigns/{id:long}/pause", async (long id, OtaCampaignService c, HttpContext http, CancellationToken ct) =>
            Answer(await c.PauseAsync(id, User(http), ct))).RequireAuthorization(Policies.Operator).WithSummary("Pause: no new informs; devices installing go on (Operator).");
        api.MapPost("/ota/campaigns/{id:long}/resume", async (long id, OtaCampaignService c, HttpContext http, CancellationToken ct) =>
            Answer(await c.ResumeAsync(id, User(http), ct))).RequireAuthorization(Policies.Operator).WithSummary("Resume a paused campaign (Operator).");
        api.MapPost("/ota/campaigns/{id:long}/cancel", async (long id, OtaCampaignService c, HttpContext http, CancellationToken ct) =>
            Answer(await c.CancelAsync(id, User(http), ct))).RequireAuthorization(Policies.Operator)
            .WithSummary("Cancel (Operator): no inform afterwards, download links answer 410 at once, devices installing are followed to their end.");
        api.MapPost("/ota/campaigns/{id:long}/devices/{deviceId}/retry", async (long id, string deviceId, OtaCampaignService c, CancellationToken ct) =>
            Answer(await c.RetryDeviceAsync(id, deviceId, ct))).RequireAuthorization(Policies.Operator).WithSummary("A new attempt for a failed, timed out or cancelled device (Operator).");
        api.MapPost("/ota/campaigns/{id:long}/devices/{deviceId}/cancel", async (long id, string deviceId, OtaCampaignService c, HttpContext http, CancellationToken ct) =>
            Answer(await c.CancelDeviceAsync(id, deviceId, User(http), ct))).RequireAuthorization(Policies.Operator).WithSummary("Cancel one device (Operator).");
        return api;
    }

    private static string User(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    private static IResult Answer(NovaConsole.Shared.Outcome outcome) => outcome.Succeeded ? Results.NoContent() : ApiProblems.From(outcome);

    private static IResult NotFound(long id) => Results.Problem($"No campaign with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
