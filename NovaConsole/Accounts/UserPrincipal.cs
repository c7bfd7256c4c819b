using System.Security.Claims;

namespace NovaConsole.Accounts;

/// <summary>How a user is carried in a cookie or a bearer-authenticated request.</summary>
internal static class UserPrincipal
{
    public const string StampClaim = "nova:stamp";

    /// <summary>The cookie's server-side session, as "{row id}:{secret}" (see <see cref="UserSessions"/>).</summary>
    public const string SessionClaim = "nova:sid";

    /// <summary>The id of the API token a request came with, and its scope.</summary>
    public const string TokenClaim = "nova:token";
    public const string TokenScopeClaim = "nova:scope";

    /// <summary>The name of the API token a request came with: the audit log and the operation log name it.</summary>
    public const string TokenNameClaim = "nova:token-name";

    /// <summary>When the credential ends (an API token's expiry, ISO 8601 UTC): its open hub connections close then.</summary>
    public const string ExpiresClaim = "nova:expires";

    public static DateTimeOffset? ExpiresAt(this ClaimsPrincipal principal) =>
        DateTimeOffset.TryParse(principal.FindFirstValue(ExpiresClaim), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    public static ClaimsPrincipal Create(User user, string authenticationType, params Claim[] extra) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, user.Username),
        new Claim(ClaimTypes.Role, user.Role),
        new Claim(StampClaim, user.SecurityStamp),
        .. extra,
    ], authenticationType, ClaimTypes.Name, ClaimTypes.Role));

    public static long? UserId(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static string? SessionId(this ClaimsPrincipal principal) => principal.FindFirstValue(SessionClaim);

    /// <summary>
    /// The key under which open hub connections (the console's circuits, dashboards) of this credential are kept,
    /// so ending the credential can close them: one per API token, one per cookie session.
    /// </summary>
    public static string? CredentialKey(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(TokenClaim) is { } token ? "token:" + token
        : principal.SessionId() is { } session && session.IndexOf(':') is > 0 and var colon ? "session:" + session[..colon]
        : null;
}
