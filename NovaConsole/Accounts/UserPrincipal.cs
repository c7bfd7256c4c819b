using System.Security.Claims;

namespace NovaConsole.Accounts;

/// <summary>How a user is carried in a cookie or a bearer-authenticated request.</summary>
internal static class UserPrincipal
{
    public const string StampClaim = "nova:stamp";

    public static ClaimsPrincipal Create(User user, string authenticationType) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, user.Username),
        new Claim(ClaimTypes.Role, user.Role),
        new Claim(StampClaim, user.SecurityStamp),
    ], authenticationType, ClaimTypes.Name, ClaimTypes.Role));

    public static long? UserId(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
