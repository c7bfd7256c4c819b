using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using NovaConsole.Data;
using NovaConsole.Security;

namespace NovaConsole.Accounts;

/// <summary>
/// Server-side sign-in sessions. The cookie carries "{row id}:{secret}"; a cookie is good only while its row exists,
/// so signing out, a password reset or a change to the user ends it at once, for every copy of the cookie.
/// </summary>
internal sealed class UserSessions(
    IDbContextFactory<NovaDbContext> dbFactory,
    SecretHasher hasher,
    CredentialConnections connections,
    TimeProvider time,
    Audit.AuditTrail audit)
{
    /// <summary>As long as the cookie's sliding lifetime: a row not seen for that long belongs to an expired cookie.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(12);

    // Writing "last seen" on every request would make every page view a database write.
    private static readonly TimeSpan LastSeenGranularity = TimeSpan.FromMinutes(5);

    /// <summary>Starts a session for a user whose password was just checked and sets its cookie.</summary>
    public async Task SignInAsync(HttpContext http, User user)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var secret = SecretHasher.NewSecret();
        await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
        await db.UserSessions.Where(s => s.UserId == user.Id && s.LastSeenUtc < now - IdleLifetime).ExecuteDeleteAsync(http.RequestAborted);
        var session = new UserSession { UserId = user.Id, SessionHash = hasher.Hash(secret), CreatedUtc = now, LastSeenUtc = now };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(http.RequestAborted);

        var id = $"{session.Id.ToString(CultureInfo.InvariantCulture)}:{secret}";
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            UserPrincipal.Create(user, CookieAuthenticationDefaults.AuthenticationScheme, new Claim(UserPrincipal.SessionClaim, id)));
    }

    /// <summary>Ends the request's own session on the server and clears its cookie.</summary>
    public async Task SignOutAsync(HttpContext http)
    {
        await audit.RecordAsync(Audit.AuditActions.SignOut, Audit.AuditActions.User, http.User.Identity?.Name);
        if (Parse(http.User.SessionId()) is { } session)
        {
            await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
            await db.UserSessions.Where(s => s.Id == session.Id).ExecuteDeleteAsync(http.RequestAborted);
            connections.Close(Key(session.Id));
        }
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>The user behind a cookie principal while its session lives, its user is active and unchanged; else null.</summary>
    public async Task<User?> ValidateAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        if (principal.UserId() is not { } userId || Parse(principal.SessionId()) is not { } claimed) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.UserSessions.FirstOrDefaultAsync(s => s.Id == claimed.Id && s.UserId == userId, ct);
        if (row is null || !hasher.Matches(claimed.Secret, row.SessionHash)) return null;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is not { IsActive: true } || user.SecurityStamp != principal.FindFirstValue(UserPrincipal.StampClaim)) return null;

        var now = time.GetUtcNow().UtcDateTime;
        if (now - row.LastSeenUtc > LastSeenGranularity)
        {
            row.LastSeenUtc = now;
            await db.SaveChangesAsync(ct);
        }
        return user;
    }

    /// <summary>Ends every session of a user but the one named (the caller's own, when they changed their own password).</summary>
    public async Task EndSessionsAsync(long userId, string? keepSessionId, CancellationToken ct)
    {
        var keep = Parse(keepSessionId)?.Id;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ended = await db.UserSessions.Where(s => s.UserId == userId && s.Id != keep).Select(s => s.Id).ToListAsync(ct);
        await db.UserSessions.Where(s => ended.Contains(s.Id)).ExecuteDeleteAsync(ct);
        foreach (var id in ended) connections.Close(Key(id));
    }

    private static string Key(long sessionId) => "session:" + sessionId.ToString(CultureInfo.InvariantCulture);

    private static (long Id, string Secret)? Parse(string? sessionId) =>
        sessionId?.Split(':', 2) is [var id, var secret] && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var rowId)
            ? (rowId, secret)
            : null;
}
