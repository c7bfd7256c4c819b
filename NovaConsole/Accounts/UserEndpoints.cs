using System.Security.Claims;

namespace NovaConsole.Accounts;

internal sealed record CreateUserRequest(string? Username, string? Password, string? Role);
internal sealed record UpdateUserRequest(string? Role, bool? IsActive);
internal sealed record ResetPasswordRequest(string? Password);

internal static class UserEndpoints
{
    public static void MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").RequireAuthorization(Policies.Admin);

        users.MapGet("/", (AccountService accounts, CancellationToken ct) => accounts.ListUsersAsync(ct))
            .WithSummary("List users (Admin).");

        users.MapPost("/", async (CreateUserRequest? request, AccountService accounts, CancellationToken ct) =>
        {
            if (request is null) return ApiProblems.BadRequest("Send JSON: {\"username\", \"password\", \"role\"}.");
            var created = await accounts.CreateUserAsync(request.Username, request.Password, request.Role, ct);
            return created.Succeeded ? Results.Created($"/api/v1/users/{created.Value!.Id}", created.Value) : ApiProblems.From(created);
        }).WithSummary("Create a user (Admin).");

        users.MapPatch("/{id:long}", async (long id, UpdateUserRequest? request, AccountService accounts, CancellationToken ct) =>
        {
            if (request is null || (request.Role is null && request.IsActive is null))
            {
                return ApiProblems.BadRequest("Send JSON with \"role\" and/or \"isActive\".");
            }
            if (request.Role is not null && await accounts.SetRoleAsync(id, request.Role, ct) is { Succeeded: false } roleFailed)
            {
                return ApiProblems.From(roleFailed);
            }
            if (request.IsActive is { } active && await accounts.SetActiveAsync(id, active, ct) is { Succeeded: false } activeFailed)
            {
                return ApiProblems.From(activeFailed);
            }
            return Results.NoContent();
        }).WithSummary("Change a user's role or enable/disable it (Admin).");

        users.MapPost("/{id:long}/password", async (long id, ResetPasswordRequest? request, ClaimsPrincipal caller, AccountService accounts, CancellationToken ct) =>
        {
            // Setting your own password keeps the session that did it; every other session of the user ends.
            var keep = caller.UserId() == id ? caller.SessionId() : null;
            var reset = await accounts.ResetPasswordAsync(id, request?.Password, keep, ct);
            return reset.Succeeded ? Results.NoContent() : ApiProblems.From(reset);
        }).WithSummary("Set a new password for a user (Admin); ends the user's other sessions.");

        users.MapDelete("/{id:long}", async (long id, AccountService accounts, CancellationToken ct) =>
        {
            var deleted = await accounts.DeleteUserAsync(id, ct);
            return deleted.Succeeded ? Results.NoContent() : ApiProblems.From(deleted);
        }).WithSummary("Delete a user (Admin).");
    }
}
