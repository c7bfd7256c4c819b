using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace NovaConsole.Accounts;

/// <summary>Authenticates <c>Authorization: Bearer nct_...</c> with a personal API token; the request gets the user's role.</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (TokenOf(Request) is not { } token) return AuthenticateResult.NoResult();
        var entity = await tokens.AuthenticateAsync(token, Context.RequestAborted);
        if (entity?.User is not { } user) return AuthenticateResult.Fail("The API token is unknown, revoked, expired, or belongs to a disabled user.");
        Claim[] claims =
        [
            new Claim(UserPrincipal.TokenClaim, entity.Id.ToString(CultureInfo.InvariantCulture)),
            new Claim(UserPrincipal.TokenScopeClaim, entity.Scope),
            new Claim(UserPrincipal.TokenNameClaim, entity.Name),
            .. entity.ExpiresUtc is { } expires
                ? [new Claim(UserPrincipal.ExpiresClaim, DateTime.SpecifyKind(expires, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture))]
                : Array.Empty<Claim>(),
        ];
        var principal = UserPrincipal.Create(user, SchemeName, claims);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>
    /// The bearer token of the request; on the SignalR hubs also the <c>access_token</c> query parameter, because
    /// browsers cannot set headers on WebSocket and server-sent-event requests. Nowhere else, so tokens stay out of URLs.
    /// </summary>
    public static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        if (request.Path.StartsWithSegments("/hubs") && request.Query["access_token"].ToString() is { Length: > 0 } query) return query;
        return null;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            "Send a valid personal API token as 'Authorization: Bearer <token>', or sign in.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this.");
}
