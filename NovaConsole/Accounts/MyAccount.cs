using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NovaConsole.Audit;
using NovaConsole.Data;
using NovaConsole.Shared;

namespace NovaConsole.Accounts;

/// <summary>One of the user's sign-in sessions; <see cref="Current"/> is the one asking.</summary>
public sealed record AccountSession(long Id, DateTime CreatedUtc, DateTime LastSeenUtc, bool Current);

/// <summary>Who you are, as the My account page and <c>GET /api/v1/account</c> show it.</summary>
public sealed record AccountInfo(long Id, string Username, string Role, DateTime? LastLoginUtc, IReadOnlyList<AccountSession> Sessions);

/// <summary>
/// Self-service for a signed-in user: read your account, change your own password (with the current one; the password
/// policy applies and your other sessions end), sign out your other sessions. Every change is audited.
/// </summary>
internal sealed class MyAccount(
    IDbContextFactory<NovaDbContext> dbFactory,
    IPasswordHasher<User> passwordHasher,
    AccountService accounts,
    UserSessions sessions,
    AuditTrail audit)
{
    public async Task<AccountInfo?> GetAsync(long userId, string? currentSessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return null;
        var current = SessionRowId(currentSessionId);
        var rows = await db.UserSessions.AsNoTracking().Where(s => s.UserId == userId).OrderByDescending(s => s.LastSeenUtc).ToListAsync(ct);
        return new AccountInfo(user.Id, user.Username, user.Role, user.LastLoginUtc,
            rows.Select(s => new AccountSession(s.Id, s.CreatedUtc, s.LastSeenUtc, s.Id == current)).ToList());
    }

    /// <summary>Checks the current password, then sets the new one; every session but <paramref name="keepSessionId"/> ends.</summary>
    public async Task<Outcome> ChangePasswordAsync(long userId, string? currentPassword, string? newPassword, string? keepSessionId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(currentPassword)) return Outcome.Invalid(Problem.Of("account.currentRequired", "Enter your current password."));
        User? user;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        }
        if (user is null) return Outcome.NotFound(Problem.Of("account.gone", "Your account no longer exists."));
        if (passwordHasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            await audit.RecordAsync(AuditActions.OwnPasswordChanged, AuditActions.User, user.Username, "refused: wrong current password");
            return Outcome.Invalid(Problem.Of("account.currentWrong", "The current password is wrong."));
        }
        if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal)) return Outcome.Invalid(Problem.Of("account.sameAsCurrent", "The new password must differ from the current one."));
        return await accounts.ResetPasswordAsync(userId, newPassword, keepSessionId ?? NoSession, ct);
    }

    /// <summary>Ends every session of the user but the caller's own; returns how many ended.</summary>
    public async Task<int> RevokeOtherSessionsAsync(long userId, string username, string? keepSessionId, CancellationToken ct = default)
    {
        var before = await CountAsync(userId, ct);
        await sessions.EndSessionsAsync(userId, keepSessionId, ct);
        var ended = before - await CountAsync(userId, ct);
        await audit.RecordAsync(AuditActions.OtherSessionsRevoked, AuditActions.User, username, $"{ended} session(s) ended");
        return ended;
    }

    private async Task<int> CountAsync(long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.UserSessions.CountAsync(s => s.UserId == userId, ct);
    }

    // A caller with no session (an API token) keeps none, but it is still the user's own change, not an admin's reset.
    private const string NoSession = "0:none";

    private static long? SessionRowId(string? sessionId) =>
        sessionId?.Split(':', 2) is [var id, _] && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var rowId) ? rowId : null;
}
