using System.Security.Claims;
using NovaConsole.Accounts;

namespace NovaConsole.Audit;

/// <summary>Who is acting and from where, as an audit entry names them.</summary>
internal sealed record AuditActor(string Name, string? UserName, string? Address)
{
    public static readonly AuditActor System = new("system", null, null);

    /// <summary>A user by name; a request made with an API token as "token:&lt;name&gt;" (its owner in <see cref="UserName"/>).</summary>
    public static AuditActor Of(ClaimsPrincipal? user, string? address)
    {
        var name = user?.Identity?.IsAuthenticated == true ? user.Identity.Name : null;
        if (name is null) return new AuditActor("anonymous", null, address);
        return user!.FindFirstValue(UserPrincipal.TokenNameClaim) is { } token
            ? new AuditActor("token:" + token, name, address)
            : new AuditActor(name, name, address);
    }
}

/// <summary>
/// The actor of the work in progress, flowing with the async context: set for every HTTP request (after
/// authentication) and for every event of a console circuit, so services record who acted without every call
/// passing it down. Work started by the platform itself (jobs, rules) has none and is recorded as "system".
/// </summary>
internal static class AuditContext
{
    private static readonly AsyncLocal<AuditActor?> Ambient = new();

    public static AuditActor Current => Ambient.Value ?? AuditActor.System;

    public static void Set(AuditActor? actor) => Ambient.Value = actor;
}
