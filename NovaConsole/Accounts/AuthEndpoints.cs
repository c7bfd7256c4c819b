using System.Security.Claims;

namespace NovaConsole.Accounts;

internal sealed record SetupRequest(string? Token, string? Username, string? Password);
internal sealed record LoginRequest(string? Username, string? Password);
internal sealed record CurrentUser(long Id, string Username, string Role);

internal static class AuthEndpoints
{
    public static void MapSetupAndLogin(this RouteGroupBuilder api)
    {
        api.MapPost("/setup", async (SetupRequest? request, SetupService setup, HttpContext http) =>
        {
            if (!setup.IsOpen) return Results.NotFound();
            if (request is null) return ApiProblems.BadRequest("Send JSON: {\"token\", \"username\", \"password\"}.");
            var created = await setup.CompleteAsync(request.Token, request.Username, request.Password,
                http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
            return created.Succeeded ? Results.Created($"/api/v1/users/{created.Value!.Id}", created.Value) : ApiProblems.From(created);
        }).AllowAnonymous().WithSummary("Create the first administrator with the one-time setup token.");

        api.MapPost("/auth/login", async (LoginRequest? request, PasswordSignIn signIn, UserSessions sessions, HttpContext http) =>
        {
            if (request is null) return ApiProblems.BadRequest("Send JSON: {\"username\", \"password\"}.");
            var result = await signIn.VerifyAsync(request.Username, request.Password, http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
            return result.Status switch
            {
                LoginStatus.Succeeded => await SignInAsync(http, sessions, result.User!),
                LoginStatus.LockedOut => Results.Problem(result.Message, statusCode: StatusCodes.Status423Locked, title: "Account locked"),
                _ => Results.Problem(result.Message, statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed"),
            };
        }).AllowAnonymous().WithSummary("Sign in; sets the session cookie.");

        api.MapPost("/auth/logout", async (HttpContext http, UserSessions sessions) =>
        {
            await sessions.SignOutAsync(http);
            return Results.NoContent();
        }).WithSummary("Sign out: ends the session on the server, so every copy of the cookie stops working.");

        api.MapGet("/auth/me", (ClaimsPrincipal user) =>
            new CurrentUser(user.UserId() ?? 0, user.Identity?.Name ?? "", user.FindFirstValue(ClaimTypes.Role) ?? ""))
            .WithSummary("Who is signed in.");
    }

    private static async Task<IResult> SignInAsync(HttpContext http, UserSessions sessions, User user)
    {
        await sessions.SignInAsync(http, user);
        return Results.Ok(new CurrentUser(user.Id, user.Username, user.Role));
    }

    /// <summary>The console's sign-out button posts a form here (antiforgery-checked), then lands on the login page.</summary>
    public static void MapLogoutForm(this WebApplication app) =>
        // Binding IFormCollection makes the endpoint require a valid antiforgery token.
        app.MapPost("/logout", async (HttpContext http, IFormCollection form, UserSessions sessions) =>
        {
            await sessions.SignOutAsync(http);
            return Results.LocalRedirect("/login");
        });
}
