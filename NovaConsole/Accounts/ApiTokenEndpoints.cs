using System.Security.Claims;

namespace NovaConsole.Accounts;

internal sealed record CreateTokenRequest(string? Name, string? Scope, DateTime? ExpiresUtc);

internal static class ApiTokenEndpoints
{
    public static void MapApiTokens(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens");

        tokens.MapGet("/", (ClaimsPrincipal user, ApiTokenService service, CancellationToken ct) =>
            service.ListAsync(user.UserId()!.Value, ct)).WithSummary("Your personal API tokens (never the token values).");

        tokens.MapPost("/", async (CreateTokenRequest? request, ClaimsPrincipal user, ApiTokenService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(user.UserId()!.Value, user.Identity!.Name!, request?.Name, request?.Scope, request?.ExpiresUtc, ct);
            return created.Succeeded ? Results.Created($"/api/v1/tokens/{created.Value!.Id}", created.Value) : ApiProblems.From(created);
        }).WithSummary("Create a personal API token {name, scope: read|full (default full), expiresUtc?}; the answer holds the token, shown this once.");

        tokens.MapDelete("/{id:long}", async (long id, ClaimsPrincipal user, ApiTokenService service, CancellationToken ct) =>
        {
            var revoked = await service.RevokeAsync(user.UserId()!.Value, user.Identity!.Name!, id, ct);
            return revoked.Succeeded ? Results.NoContent() : ApiProblems.From(revoked);
        }).WithSummary("Revoke one of your API tokens.");
    }
}
