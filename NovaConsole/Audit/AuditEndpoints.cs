using System.Globalization;
using NovaConsole.Accounts;

namespace NovaConsole.Audit;

/// <summary>The query string of the audit routes: actor, action, objectType, object (prefixes), from/to (ISO 8601), skip, take.</summary>
internal sealed record AuditParameters(
    string? Actor, string? Action, string? ObjectType, string? Object, DateTimeOffset? From, DateTimeOffset? To, int? Skip, int? Take)
{
    public string? TryBuild(out AuditQuery query)
    {
        query = new AuditQuery();
        if (Take is < 1 or > AuditQuery.MaxTake) return $"take must be between 1 and {AuditQuery.MaxTake}.";
        if (Skip is < 0 or > 10_000_000) return "skip must be between 0 and 10,000,000.";
        if (From is { } f && To is { } t && f >= t) return "'from' must be before 'to'.";
        if (new[] { Actor, Action, ObjectType, Object }.Any(v => v is { Length: > AuditTrail.MaxField })) return $"Filters may be at most {AuditTrail.MaxField} characters.";
        query = new AuditQuery(Actor, Action, string.IsNullOrWhiteSpace(ObjectType) ? null : ObjectType.Trim(), Object,
            From?.UtcDateTime, To?.UtcDateTime, Skip ?? 0, Take ?? 100);
        return null;
    }
}

/// <summary>/api/v1/audit (Admin): read and export only; the log has no route that changes or deletes an entry.</summary>
internal static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder audit)
    {
        audit.MapGet("/", async ([AsParameters] AuditParameters parameters, AuditTrail trail, HttpContext http, CancellationToken ct) =>
        {
            if (parameters.TryBuild(out var query) is { } error) return ApiProblems.BadRequest(error);
            var page = await trail.PageAsync(query, ct);
            http.Response.Headers["X-Total-Count"] = page.Total.ToString(CultureInfo.InvariantCulture);
            return Results.Ok(page.Items);
        }).WithSummary("The audit log (Admin), newest first: actor, action, objectType, object (actor, action and object match a prefix), "
            + "from/to (ISO 8601), skip, take (1-500, default 100); the number of matching entries is in X-Total-Count.");

        audit.MapGet("/export.csv", ([AsParameters] AuditParameters parameters, AuditTrail trail, HttpContext http) =>
        {
            if (parameters.TryBuild(out var query) is { } error) return ApiProblems.BadRequest(error);
            return Results.Stream(body => AuditCsv.WriteAsync(body, trail.ReadAllAsync(query, http.RequestAborted)), "text/csv", "audit-log.csv");
        }).WithSummary("Every entry of the filter (skip and take ignored) as CSV (Admin).");
        return audit;
    }
}
