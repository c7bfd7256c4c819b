using System.Security.Claims;

namespace NovaConsole.Accounts;

internal sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>/api/v1/account: any signed-in user, about their own account only.</summary>
internal static class MyAccountEndpoints
{
    public static void MapMyAccount(this RouteGroupBuilder api)
    {
        var account = api.MapGroup("/account");

        account.MapGet("/", async (ClaimsPrincipal user, MyAccount mine, CancellationToken ct) =>
            await mine.GetAsync(user.UserId()!.Value, user.SessionId(), ct) is { } info ? Results.Ok(info) : Results.NotFound())
            .WithSummary("Your name, role and sign-in sessions (the one asking is marked current).");

        account.MapPost("/password", async (ChangePasswordRequest? request, ClaimsPrincipal user, MyAccount mine, CancellationToken ct) =>
        {
            if (request is null) return ApiProblems.BadRequest("Send JSON: {\"currentPassword\", \"newPassword\"}.");
            var changed = await mine.ChangePasswordAsync(user.UserId()!.Value, request.CurrentPassword, request.NewPassword, user.SessionId(), ct);
            return changed.Succeeded ? Results.NoContent() : ApiProblems.From(changed);
        }).WithSummary("Change your own password {currentPassword, newPassword}; the password policy applies and your other sessions end.");

        account.MapPost("/sessions/revoke-others", async (ClaimsPrincipal user, MyAccount mine, CancellationToken ct) =>
            Results.Ok(new { ended = await mine.RevokeOtherSessionsAsync(user.UserId()!.Value, user.Identity!.Name!, user.SessionId(), ct) }))
            .WithSummary("Sign out every other session of yours (this one stays).");
    }
}
